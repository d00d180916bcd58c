// Save/load tfjs models to a Node directory without tfjs-node (whose file:// handler is not available here):
// model.json (the standard tfjs ModelJSON: topology, weights manifest, ...) + one weights.bin shard. Loading checks the
// files first (model-json-check.ts): a tampered model.json fails with one line instead of costing gigabytes.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { MAX_TEXT_FILE_BYTES } from '../base/limits';
import { readRegularTextFile } from '../base/read-file';
import { checkSavedModel, ModelFileError, readWeightFiles } from './model-json-check';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** An IOHandler for `model.save(fileSystemHandler(dir))` and `tf.loadLayersModel(fileSystemHandler(dir))`. */
export function fileSystemHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error('fileSystemHandler: binary (GraphDef) topologies are not supported');
      }
      const weightData = artifacts.weightData == null ? new ArrayBuffer(0) : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const modelJSON: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: [{ paths: [`./${WEIGHTS_BIN}`], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
      };
      // Optional fields only when present, so model.json stays what tfjs itself would write.
      if (artifacts.trainingConfig != null) modelJSON.trainingConfig = artifacts.trainingConfig;
      if (artifacts.signature != null) modelJSON.signature = artifacts.signature;
      if (artifacts.userDefinedMetadata != null) modelJSON.userDefinedMetadata = artifacts.userDefinedMetadata;
      if (artifacts.modelInitializer != null) modelJSON.modelInitializer = artifacts.modelInitializer;
      if (artifacts.initializerSignature != null) modelJSON.initializerSignature = artifacts.initializerSignature;
      await fs.mkdir(dir, { recursive: true });
      await fs.writeFile(path.join(dir, WEIGHTS_BIN), new Uint8Array(weightData));
      await fs.writeFile(path.join(dir, MODEL_JSON), JSON.stringify(modelJSON));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      // Everything is checked before tfjs builds a layer: sizes against the weight bytes, paths inside `dir`.
      const jsonFile = path.join(dir, MODEL_JSON);
      let text: string;
      try { text = readRegularTextFile(jsonFile, MAX_TEXT_FILE_BYTES); } catch (err) { throw new ModelFileError((err as Error).message); }
      let modelJSON: tf.io.ModelJSON;
      try { modelJSON = JSON.parse(text) as tf.io.ModelJSON; } catch (err) {
        throw new ModelFileError(`${jsonFile}: not valid JSON (${(err as Error).message.split('\n')[0]})`);
      }
      const { files } = checkSavedModel(modelJSON, dir, jsonFile);
      return tf.io.getModelArtifactsForJSON(modelJSON, async manifest => {
        // Shards in manifest order, concatenated, match the specs in the same order (tfjs's own convention).
        const specs = manifest.flatMap(group => group.weights);
        return [specs, tf.io.CompositeArrayBuffer.join(readWeightFiles(files, jsonFile))];
      });
    },
  };
}
