// Where a result came from: package versions and the git commit of the code that produced it.
import * as tf from '@tensorflow/tfjs';

export { gitCommit } from '../base/git-commit';

export function versions(): Record<string, string> {
  return { node: process.version, tfjs: tf.version.tfjs, workspace: require('../../package.json').version };
}
