import Kelvin

/// `kelvin softmax`: the tempered distribution of a logit vector, with its entropy; or, with
/// `--output`, the distribution of every row of a file, streamed to another file.
enum SoftmaxCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "softmax",
    abstract: "Print softmax(z / τ): probabilities, log-probabilities, entropy and perplexity.",
    discussion: """
      τ = 0 is the exact τ → 0 limit (the maximal logits share all probability), τ = inf is \
      uniform over the unmasked tokens. A logit of -inf masks its token; NaN and +inf are \
      errors (exit 65). With --output, every row of --input (or the one chosen by --row) is \
      transformed and written to the file, one block of rows at a time, in the format of its \
      extension; the file appears only when complete.
      """,
    examples: [
      "kelvin softmax --logits 2,1,0.5,0.1 --temperature 0.7",
      "kelvin softmax --logits 5,4 --temperature 1 --format json",
      "kelvin softmax --logits 1,1,-inf --temperature 0",
      "kelvin softmax --input logits.npy --row 3 --temperature 0.7",
      "kelvin softmax --input logits.npy --temperature 0.7 --output probs.npy",
    ])

  /// The options of `kelvin softmax`.
  struct Options: CommandOptions {
    var logits = VectorOptions()
    var temperature = 1.0
    var output: String?
    var dtype = OutputDType.f4
    var log = false
    var top = 20
    var quiet = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      VectorOptions.declarations(
        at: \.logits, "logits", "L", help: "Comma-separated logits; -inf masks a token.")
        + [
          .option(\.temperature, "temperature", "T", help: "Temperature τ.", .temperature),
          .option(
            \.output, "output", "OUT",
            help:
              "Write the probabilities to a file (.npy, .safetensors, .json, .csv or .tsv) instead of printing them.",
            .outputPath, path: true),
          .dtype(\.dtype, help: "Element type of --output."),
          .flag(\.log, "log", help: "Write log-probabilities instead of probabilities."),
          .top(\.top), .quiet(\.quiet), .format(\.format),
        ]
    }

    /// Which options go together.
    static var relations: [OptionRelation<Options>] {
      [
        .requires(\.dtype, \.output), .requires(\.log, \.output), .requires(\.quiet, \.output),
        .excludes(\.top, \.output), .tableOnly(\.top, \.format),
      ]
        + VectorOptions.relations(at: \.logits)
    }
  }

  /// Computes and prints the distribution, or writes every row to `--output`.
  static func run(_ options: Options, output: CommandOutput) throws {
    if let path = options.output {
      if options.quiet { output.quiet() }
      return try SoftmaxFileOutput(options, path: path).run(output)
    }
    let input = try options.logits.vector(flag: "--logits")
    let tau = options.temperature
    let (p, logP) = try input.compute {
      (try $0.softmax(temperature: tau), try $0.logSoftmax(temperature: tau))
    }
    let nats = try entropy(of: p)
    let perplexityValue = try perplexity(of: p)
    guard options.format == .table else {
      return try output.json(
        Document(
          temperature: tau, probabilities: p, logProbabilities: logP, entropy: nats,
          perplexity: perplexityValue))
    }
    let logits = input.values
    let tokens = logits.count == 1 ? "1 token" : "\(logits.count) tokens"
    try output.line("softmax(z / τ) at τ = \(NumberFormatting.shortest(tau)), \(tokens)\n")
    let shown = ShownEntries(weights: p, top: options.top)
    try TextFormatting.stream(
      header: ["token", "logit", "probability", "log-probability"], count: shown.indices.count,
      widths: [String(logits.count - 1).count, 13, 11, 15], to: output
    ) { row in
      let index = shown.indices[row]
      return [
        String(index), TextFormatting.readable(logits[index]), TextFormatting.compact(p[index]),
        TextFormatting.compact(logP[index]),
      ]
    }
    if let note = shown.note("tokens") { try output.line(note) }
    let bits = InformationUnit.bits.fromNats(nats)
    try output.write(
      "\n"
        + TextFormatting.table(
          [
            [
              "entropy",
              "\(TextFormatting.fixed(nats, decimals: 6)) nats"
                + " (\(TextFormatting.fixed(bits, decimals: 6)) bits)",
            ],
            ["perplexity", TextFormatting.fixed(perplexityValue, decimals: 6)],
          ], leftAligned: 2))
  }
}

extension SoftmaxCommand {
  /// `kelvin softmax --format json`.
  struct Document: Encodable {
    let temperature: Double
    let probabilities: [Double]
    let logProbabilities: [Double]
    let entropy: Double
    let perplexity: Double

    enum CodingKeys: String, CodingKey {
      case temperature, probabilities
      case logProbabilities = "log_probabilities"
      case entropy, perplexity
    }
  }
}
