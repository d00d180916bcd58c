// Field numbers of the ONNX messages this project writes and reads (onnx/onnx.proto, IR version 7 = opset 13's).
// Only what a chain of Gemm/MatMul layers and their activations needs; anything else in a file is skipped or refused
// by the reader, never guessed at.

export const IR_VERSION = 7;
/** Default-domain opset of exported models: 13 (Gemm with an optional C, Softmax over the last axis). */
export const OPSET = 13;

export const MODEL = { irVersion: 1, producerName: 2, producerVersion: 3, docString: 6, graph: 7, opsetImport: 8 } as const;
export const OPSET_ID = { domain: 1, version: 2 } as const;
export const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12, sparseInitializer: 15 } as const;
export const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
export const ATTRIBUTE = { name: 1, f: 2, i: 3, t: 5, ints: 8, type: 20 } as const;
export const ATTRIBUTE_TYPE = { float: 1, int: 2, tensor: 4, ints: 7 } as const;
export const TENSOR = { dims: 1, dataType: 2, floatData: 4, int64Data: 7, name: 8, rawData: 9, externalData: 13, dataLocation: 14 } as const;
export const SPARSE_TENSOR = { values: 1, indices: 2, dims: 3 } as const;
export const VALUE_INFO = { name: 1, type: 2 } as const;
export const TYPE = { tensorType: 1 } as const;
export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
export const SHAPE = { dim: 1 } as const;
export const DIMENSION = { dimValue: 1, dimParam: 2 } as const;

/** TensorProto.DataType codes used here. */
export const DATA_TYPE = { float: 1, int64: 7 } as const;
