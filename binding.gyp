{
  "targets": [
    {
      "target_name": "sparse_kernels",
      "sources": [
        "lib/kernels/native/binding.cc",
        "lib/kernels/native/sparse_ops.cc",
        "lib/kernels/native/network.cc",
        "lib/kernels/native/inference_network.cc",
        "lib/kernels/native/one_example.cc",
        "lib/kernels/native/thread_pool.cc",
        "lib/kernels/native/isa_base.cc",
        "lib/kernels/native/isa_avx2.cc",
        "lib/kernels/native/isa_avx512.cc",
        "lib/engine/native/engine_binding.cc",
        "lib/engine/native/train_network.cc",
        "lib/engine/native/grow.cc",
        "lib/engine/native/dense_layer.cc",
        "lib/engine/native/csr_check.cc",
        "lib/engine/native/engine_isa.cc",
        "lib/engine/native/engine_isa_base.cc",
        "lib/engine/native/engine_isa_avx2.cc",
        "lib/engine/native/engine_isa_avx512.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_CPP_EXCEPTIONS_ALL", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++1z"],
      "cflags_cc": ["-std=c++17", "-O3", "-march=x86-64-v2", "-ffp-contract=fast", "-fno-math-errno"],
      "ldflags": ["-pthread"]
    }
  ]
}
