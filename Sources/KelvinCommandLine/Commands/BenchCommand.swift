import Kelvin

/// `kelvin bench`: times Kelvin's kernels and sampler chains on seeded N(0, 3²) logits.
enum BenchCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "bench",
    abstract:
      "Time softmax, greedy or a sampler chain on seeded N(0, 3²) logits: median, min and max µs.",
    discussion: """
      Inputs come from Kelvin's seeded generator, so every run times the same numbers. After \
      warm-up calls, each timed call processes the whole batch once: --op softmax and \
      log_softmax transform a fresh copy of each row in place (the copy is not timed); --op \
      greedy, --chain and --preset draw one token per row, one chain per row (sequence = row), without \
      log-probabilities unless --logprobs is given. --threads hands the rows out to threads. \
      --batch × --vocab may be at most \(Limits.batchValues) values. Build with -c release; \
      debug builds are far slower. A progress line goes to stderr (when it is a terminal) for \
      runs longer than two seconds.
      """,
    examples: [
      "swift run -c release kelvin bench --op softmax --vocab 128256",
      "swift run -c release kelvin bench --chain 'temperature=0.7;top_k=40;top_p=0.95;min_p=0.05;dist'",
      "swift run -c release kelvin bench --op softmax --batch 32 --threads 2",
      "swift run -c release kelvin bench --preset llama",
    ])

  /// The operations `--op` accepts.
  enum Operation: String, CaseIterable, Sendable {
    case softmax
    case logSoftmax = "log_softmax"
    case greedy
    case constraint
    case tokenize
    case model
  }

  /// The options of `kelvin bench`.
  struct Options: CommandOptions {
    var operation = Operation.softmax
    var chain: ChainDescription?
    var preset: SamplerPreset?
    var vocabulary = 128_256
    var batch = 1
    var threads = 1
    var temperature = 0.7
    var iterations = 200
    var seed: UInt64 = 0
    var input: String?
    var logprobs = false
    var lines = false
    var quiet = false
    var constraint = ConstraintOptions()
    var tokenizer: String?
    var modelDirectory: String?
    var eos: String?
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(
          \.operation, "op", "op",
          help:
            "What to time; constraint: a JSON-schema constraint over a synthetic byte-level vocabulary of --vocab tokens (index build, then per token the mask and the mask applied); tokenize: encoding and decoding --input with --tokenizer (load time, µs per call, MB/s).",
          .choice(Operation.self)),
        .option(
          \.chain, "chain", "SPEC", help: "Time this sampler chain instead of --op.",
          ChainOptions.specificationRule),
        .option(
          \.preset, "preset", "name",
          help:
            "Time this preset's chain with its defaults (llama: llama.cpp's default chain; hf: transformers' order) instead of --op.",
          .choice(SamplerPreset.self), default: "none"),
        .option(
          \.vocabulary, "vocab", "V", help: "Vocabulary size (row length).",
          .integer(Limits.vocabulary)),
        .option(\.batch, "batch", "B", help: "Rows per call.", .integer(Limits.batch)),
        .option(
          \.threads, "threads", "T", help: "Threads the rows go to.", .integer(Limits.threads)),
        .option(
          \.temperature, "temperature", "T", help: "Temperature of --op softmax and log_softmax.",
          .temperature),
        .option(\.iterations, "iterations", "N", help: "Timed calls.", .integer(Limits.iterations)),
        .option(\.seed, "seed", "S", help: "Seed of the logits.", .seed),
        .option(
          \.input, "input", "FILE",
          help:
            "Time on the first --batch rows of this file (its row length is the vocabulary); with --op tokenize, the UTF-8 text to encode.",
          .nonEmpty("a file path"), default: "generated logits", path: true),
        .flag(
          \.logprobs, "logprobs",
          help: "With --chain or greedy, also compute the log-probabilities."),
        .flag(
          \.lines, "lines",
          help:
            "With --op tokenize: encode each line of --input as a text of its own (many short requests) rather than the whole file."
        ),
      ] + ConstraintOptions.declarations(at: \.constraint) + [
        .option(
          \.tokenizer, "tokenizer", "FILE",
          help:
            "With --op constraint: this vocabulary (a tokenizer.json or a JSON array of token strings) instead of the synthetic one; with --op tokenize, the tokenizer.json to time.",
          .nonEmpty("a file path"), default: "a synthetic byte-level vocabulary of --vocab tokens",
          path: true),
        .option(
          \.modelDirectory, "model", "DIR",
          help:
            "With --op model: the Hugging Face model directory (or builtin-gpt2) to time: load, prefill of half its positions of held-out text, greedy decoding to the last position, peak memory.",
          .nonEmpty("a directory path"), path: true),
        .option(
          \.eos, "eos", "TOKEN", help: "With --tokenizer: the end-of-sequence token.",
          .nonEmpty("a token"), default: "none"),
        .quiet(\.quiet), .format(\.format),
      ]
    }
  }

  /// Runs the benchmark.
  static func run(_ options: Options, output: CommandOutput) throws {
    if options.quiet { output.quiet() }
    if options.operation == .tokenize {
      let figures = try TokenizeBenchmark.run(options, output: output)
      return try BenchReport.tokenize(figures, options, output)
    }
    if options.operation == .model {
      let figures = try ModelBenchmark.run(options, output: output)
      return try BenchReport.model(figures, options, output)
    }
    if options.operation == .constraint {
      let figures = try ConstraintBenchmark.run(options, output: output)
      return try BenchReport.constraint(figures, options, output)
    }
    var workload = try BenchWorkload(options)
    let times = try BenchmarkTimer(iterations: options.iterations).measure(
      output: output, prepare: { workload.prepare() }, call: { try workload.call() })
    try BenchReport.write(times, workload: workload, options, output)
  }
}
