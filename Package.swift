// swift-tools-version: 6.0
// Kelvin: temperature-scaled softmax and everything built on it.
//
// The module graph is the architecture (see docs/ARCHITECTURE.md): each layer is its own
// target so that the compiler enforces who may import whom.

import PackageDescription

let package = Package(
  name: "Kelvin",
  products: [
    .library(name: "Kelvin", targets: ["Kelvin"]),
    .executable(name: "kelvin", targets: ["kelvin"]),
  ],
  targets: [
    // Numerics: vector kernels, the softmax family, temperature, measures, Boltzmann view, RNG.
    // The innermost kernels in C, compiled for AVX2 and AVX-512 with function target
    // attributes and chosen at run time (no flags: the package stays usable as a dependency).
    .target(name: "CKelvinKernels"),
    .target(name: "KelvinCore", dependencies: ["CKelvinKernels"]),
    // What people type: strict decimal reading, ranges and rules of values, "did you mean",
    // printable text, and the one grammar of `name(key=value,…)` specifications.
    .target(name: "KelvinText", dependencies: ["KelvinCore"]),
    // Files: .npy, safetensors, JSON and CSV, read and written a block of rows at a time.
    .target(name: "KelvinIO", dependencies: ["KelvinCore", "KelvinText"]),
    // Temperature scaling of classifiers, with the bundled digits data and a small trainer.
    .target(
      name: "KelvinCalibration", dependencies: ["KelvinCore", "KelvinIO"],
      resources: [.copy("Resources/digits.csv"), .copy("Resources/DIGITS-LICENSE.md")]),
    // Knowledge distillation: the loss, its gradient and the experiment.
    .target(name: "KelvinDistillation", dependencies: ["KelvinCore", "KelvinCalibration"]),
    // Boltzmann exploration, annealing schedules and the bandit testbed.
    .target(name: "KelvinExploration", dependencies: ["KelvinCore", "KelvinText"]),
    // Tokenizers: Hugging Face tokenizer.json encoded and decoded as the tokenizers package
    // does (BPE, normalizers, pre-tokenizers with their regex patterns, decoders).
    .target(
      name: "KelvinTokenizers", dependencies: ["KelvinIO"],
      resources: [.copy("Resources/unicode-tables.txt")]),
    // The sampler chain: logits processors, seeded draws, log-probabilities.
    .target(name: "KelvinSampling", dependencies: ["KelvinCore", "KelvinText"]),
    // Constraints: regular expressions and a JSON Schema subset compiled to a byte DFA, the
    // vocabulary's byte trie and the per-state token masks a constraint applies.
    .target(
      name: "KelvinConstraints",
      dependencies: ["KelvinCore", "KelvinSampling", "KelvinIO", "KelvinTokenizers"]),
    // Generation: the language-model protocol, decoding loops, beam search, a built-in model,
    // request settings read from a transformers generation_config.json.
    .target(
      name: "KelvinDecoding",
      dependencies: [
        "KelvinCore", "KelvinText", "KelvinSampling", "KelvinConstraints", "KelvinIO",
        "KelvinTokenizers",
      ],
      resources: [
        .copy("Resources/corpus.txt"), .copy("Resources/heldout.txt"),
        .copy("Resources/CORPUS-LICENSE.md"),
      ]),
    // Transformer checkpoints run natively: Hugging Face config.json and model.safetensors,
    // a key-value cache, the per-token kernels.
    .target(
      name: "KelvinModels",
      dependencies: ["KelvinCore", "KelvinIO", "KelvinTokenizers", "KelvinDecoding"],
      resources: [.copy("Resources/kelvin-gpt2")]),
    // Pictures: SVG charts with nice ticks, legends that never clip, a colour-blind-safe palette.
    .target(name: "KelvinPlot"),
    // Umbrella module: `import Kelvin` re-exports every library layer.
    .target(
      name: "Kelvin",
      dependencies: [
        "KelvinCore", "KelvinText", "KelvinIO", "KelvinTokenizers", "KelvinSampling",
        "KelvinConstraints",
        "KelvinDecoding", "KelvinModels",
        "KelvinCalibration",
        "KelvinDistillation", "KelvinExploration", "KelvinPlot",
      ]),
    // The command-line interface as a library, so commands are testable in-process.
    .target(
      name: "KelvinCommandLine", dependencies: ["Kelvin"],
      resources: [.copy("Resources/explorer.html")]),
    // The `kelvin` executable: a two-line entry point.
    .executableTarget(name: "kelvin", dependencies: ["KelvinCommandLine"]),
    .testTarget(name: "KelvinCoreTests", dependencies: ["KelvinCore", "CKelvinKernels"]),
    .testTarget(name: "KelvinTextTests", dependencies: ["KelvinText"]),
    .testTarget(name: "KelvinIOTests", dependencies: ["KelvinIO"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "KelvinTokenizersTests", dependencies: ["KelvinTokenizers"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "KelvinSamplingTests", dependencies: ["KelvinSampling"]),
    .testTarget(name: "KelvinConstraintsTests", dependencies: ["KelvinConstraints"]),
    .testTarget(name: "KelvinDecodingTests", dependencies: ["KelvinDecoding"]),
    .testTarget(
      name: "KelvinModelsTests", dependencies: ["KelvinModels"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "KelvinCalibrationTests", dependencies: ["KelvinCalibration", "KelvinDistillation"]),
    .testTarget(name: "KelvinExplorationTests", dependencies: ["KelvinExploration"]),
    .testTarget(name: "KelvinPlotTests", dependencies: ["KelvinPlot"]),
    .testTarget(name: "KelvinTests", dependencies: ["Kelvin"]),
    .testTarget(
      name: "KelvinCommandLineTests",
      dependencies: ["KelvinCommandLine", "kelvin"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
