import Kelvin

/// `kelvin sample`: draws tokens with a sampler chain and a seed.
enum SampleCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "sample",
    abstract: "Draw tokens from a sampler chain with a seed, with their log-probabilities.",
    discussion: """
      --count N makes N independent draws from the same input: draw i uses the random stream \
      of step i (so the stream continues from draw to draw) while stateful processors start \
      every draw from the same state. logprob is under the model's raw distribution (τ = 1, \
      nothing truncated), as APIs report logprobs; processed logprob under the final \
      distribution the draw used. --top-logprobs K lists the K most likely tokens under the \
      raw distribution (all of them when the vocabulary is smaller). The table streams one \
      line per draw, and --format jsonl writes one JSON object per draw as it is drawn \
      ({"draw":…,"token":…,"logprob":…,"processed_logprob":…}).
      """,
    examples: [
      "kelvin sample --logits 2,1,0.5,0.1 --chain 'temperature=0.7;dist' --seed 42 --count 5",
      "kelvin sample --input logits.npy --row 3 --preset llama --seed 1 --top-logprobs 3 --format json",
    ])

  /// The options of `kelvin sample`.
  struct Options: CommandOptions {
    var sampling = SamplingInputOptions()
    var count = 1
    var topLogprobs = 0
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      SamplingInputOptions.declarations(at: \.sampling) + [
        .option(\.count, "count", "N", help: "Number of draws.", .integer(Limits.draws)),
        .option(
          \.topLogprobs, "top-logprobs", "K", help: "Alternatives to list per draw.",
          .integer(Limits.topLogprobs)),
        .format(\.format, streams: true),
      ]
    }

    /// Which options exclude each other.
    static var relations: [OptionRelation<Options>] {
      SamplingInputOptions.relations(at: \.sampling)
    }

    /// The alternatives of every draw must fit in memory for the JSON document.
    func validate(given: GivenOptions<Options>) throws {
      guard format == .json else { return }  // the table and JSON Lines stream
      if let error = Limits.product(
        ("--count", count), ("--top-logprobs", topLogprobs), limit: 10_000_000,
        what: "alternatives")
      {
        throw error
      }
    }
  }

  /// Draws and prints the tokens.
  static func run(_ options: Options, output: CommandOutput) throws {
    let input = try options.sampling.vector()
    let logits = input.values.map(Float.init)
    let base = try options.sampling.chain(vocabularySize: logits.count)
    let k = options.topLogprobs
    func draw(_ index: Int) throws -> SampledToken {
      var chain = base
      chain.step = UInt64(index)
      return try input.compute { _ in
        try logits.withUnsafeBufferPointer { try chain.draw($0, topLogprobs: k) }
      }
    }
    let first = try draw(0)  // every check of the data before the first line
    switch options.format {
    case .jsonl:
      for index in 0..<options.count {
        let token = index == 0 ? first : try draw(index)
        try output.json(
          Draw(
            draw: index, token: token.token, logprob: token.rawLogprob,
            processedLogprob: token.processedLogprob,
            topLogprobs: k > 0 ? token.topLogprobs.map(Alternative.init) : nil))
      }
    case .json:
      let draws = [first] + (try (1..<options.count).map(draw))
      try output.json(
        Document(
          chain: base.specification, seed: String(base.seed), tokens: draws.map(\.token),
          logprobs: draws.map { $0.rawLogprob ?? .nan },
          processedLogprobs: draws.map { $0.processedLogprob ?? .nan },
          topLogprobs: k > 0 ? draws.map { $0.topLogprobs.map(Alternative.init) } : nil))
    case .table:
      try output.line("chain: \(base.specification)\nseed: \(base.seed)\n")
      var header = ["draw", "token", "logprob", "processed logprob"]
      if k > 0 { header.append("top logprobs (raw)") }
      let widths = [
        max(4, String(options.count - 1).count), max(5, String(logits.count - 1).count), 10, 17,
      ]
      try output.line(TextFormatting.row(header, widths: widths))
      for index in 0..<options.count {
        let token = index == 0 ? first : try draw(index)
        var cells = [
          String(index), String(token.token),
          TextFormatting.fixed(token.rawLogprob ?? .nan, decimals: 6),
          TextFormatting.fixed(token.processedLogprob ?? .nan, decimals: 6),
        ]
        if k > 0 {
          cells.append(
            token.topLogprobs.map { "\($0.token):\(TextFormatting.fixed($0.logprob, decimals: 4))" }
              .joined(separator: " "))
        }
        try output.line(TextFormatting.row(cells, widths: widths))
      }
    }
  }
}

extension SampleCommand {
  /// One raw alternative of a draw.
  struct Alternative: Encodable {
    let token: Int
    let logprob: Double

    init(_ alternative: SampledToken.Alternative) {
      token = alternative.token
      logprob = alternative.logprob
    }
  }

  /// One draw, a line of `--format jsonl` (log-probabilities null when not computed).
  struct Draw: Encodable {
    let draw: Int
    let token: Int
    @EncodedAsNull var logprob: Double?
    @EncodedAsNull var processedLogprob: Double?
    let topLogprobs: [Alternative]?

    enum CodingKeys: String, CodingKey {
      case draw, token, logprob
      case processedLogprob = "processed_logprob"
      case topLogprobs = "top_logprobs"
    }
  }

  /// `--format json`: every draw, column by column (a log-probability not computed is null).
  struct Document: Encodable {
    let chain: String
    let seed: String
    let tokens: [Int]
    let logprobs: [Double]
    let processedLogprobs: [Double]
    let topLogprobs: [[Alternative]]?

    enum CodingKeys: String, CodingKey {
      case chain, seed, tokens, logprobs
      case processedLogprobs = "processed_logprobs"
      case topLogprobs = "top_logprobs"
    }
  }
}
