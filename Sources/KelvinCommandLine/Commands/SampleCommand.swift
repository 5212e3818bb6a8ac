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
        var members: [(String, JSONNode)] = [
          ("draw", .integer(index)), ("token", .integer(token.token)),
          ("logprob", .optionalNumber(token.rawLogprob)),
          ("processed_logprob", .optionalNumber(token.processedLogprob)),
        ]
        if k > 0 { members.append(("top_logprobs", .array(token.topLogprobs.map(json)))) }
        try output.json(.object(members))
      }
    case .json:
      let draws = [first] + (try (1..<options.count).map(draw))
      var members: [(String, JSONNode)] = [
        ("chain", .string(base.specification)), ("seed", .string(String(base.seed))),
        ("tokens", .array(draws.map { .integer($0.token) })),
        ("logprobs", .numbers(draws.map { $0.rawLogprob ?? .nan })),
        ("processed_logprobs", .numbers(draws.map { $0.processedLogprob ?? .nan })),
      ]
      if k > 0 {
        members.append(("top_logprobs", .array(draws.map { .array($0.topLogprobs.map(json)) })))
      }
      try output.json(JSONNode.object(members))
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

  static func json(_ alternative: SampledToken.Alternative) -> JSONNode {
    .object([("token", .integer(alternative.token)), ("logprob", .number(alternative.logprob))])
  }
}
