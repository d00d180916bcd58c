// Save/load tfjs models to a Node directory without tfjs-node (whose file:// handler is not available here):
// model.json (the standard tfjs ModelJSON: topology, weights manifest, ...) + one weights.bin shard.
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';

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
      const modelJSON = JSON.parse(await fs.readFile(path.join(dir, MODEL_JSON), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJSON, async manifest => {
        // Shards in manifest order, concatenated, match the specs in the same order (tfjs's own convention).
        const specs: tf.io.WeightsManifestEntry[] = [];
        const buffers: ArrayBuffer[] = [];
        for (const group of manifest) {
          specs.push(...group.weights);
          for (const p of group.paths) {
            const bytes = await fs.readFile(path.join(dir, p));
            buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
          }
        }
        return [specs, tf.io.CompositeArrayBuffer.join(buffers)];
      });
    },
  };
}
