import Kelvin

/// `kelvin process`: runs a sampler chain without the final draw and shows the survivors.
enum ProcessCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "process",
    abstract:
      "Run a sampler chain without the draw; print the surviving tokens and their probabilities.",
    discussion: """
      Processors run in the order given. Survivors are listed by probability (renormalised \
      over the survivors) descending, ties by lower token id. Processors: \
      \(ProcessorCatalog.forms.map(\.name).joined(separator: ", ")); see docs/SAMPLING.md \
      for the exact semantics of each.
      """,
    examples: [
      "kelvin process --logits 2,1,0.5,0.1 --chain 'top_k=3;temperature=0.7'",
      "kelvin process --probs 0.5,0.3,0.15,0.05 --chain 'min_p=0.2'",
      "kelvin process --input logits.npy --row 0 --preset hf --temperature 0.7 --top-p 0.9",
    ])

  /// The options of `kelvin process`.
  struct Options: CommandOptions {
    var sampling = SamplingInputOptions()
    var top = 20
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      SamplingInputOptions.declarations(at: \.sampling) + [.top(\.top), .format(\.format)]
    }

    /// Which options exclude each other.
    static var relations: [OptionRelation<Options>] {
      SamplingInputOptions.relations(at: \.sampling) + [.tableOnly(\.top, \.format)]
    }
  }

  /// Runs the chain and prints the survivors.
  static func run(_ options: Options, output: CommandOutput) throws {
    let input = try options.sampling.vector()
    let logits = input.values.map(Float.init)
    var chain = try options.sampling.chain(vocabularySize: logits.count)
    let candidates = try input.compute { _ in
      try logits.withUnsafeBufferPointer { try chain.process($0) }
    }
    let probabilities = candidates.probabilities()
    let survivors = (0..<candidates.count).map { index in
      (
        token: Int(candidates.tokens[index]), logit: Double(candidates.logits[index]),
        probability: probabilities[index]
      )
    }.sorted { ($1.probability, $0.token) < ($0.probability, $1.token) }
    switch options.format {
    case .json, .jsonl:
      try output.json(
        Document(
          chain: chain.specification,
          candidates: survivors.map {
            Document.Candidate(token: $0.token, logit: $0.logit, probability: $0.probability)
          }))
    case .table:
      try output.line("chain: \(chain.specification)")
      try output.line("\(survivors.count) of \(logits.count) tokens survive\n")
      // Survivors are already most probable first: the first N are the top N.
      let shown = options.top == 0 ? survivors.count : min(options.top, survivors.count)
      try TextFormatting.stream(
        header: ["token", "logit", "probability"], count: shown,
        widths: [String(logits.count - 1).count, 13, 11], to: output
      ) { index in
        let row = survivors[index]
        return [
          String(row.token), TextFormatting.readable(row.logit),
          TextFormatting.compact(row.probability),
        ]
      }
      if shown < survivors.count {
        try output.line(
          "(the \(shown) most probable shown; \(survivors.count - shown) more survivors not shown: --top 0 shows all)"
        )
      }
    }
  }
}

extension ProcessCommand {
  /// `kelvin process --format json`: the chain and its survivors, most probable first.
  struct Document: Encodable {
    /// One surviving token.
    struct Candidate: Encodable {
      let token: Int
      let logit: Double
      let probability: Double
    }

    let chain: String
    let candidates: [Candidate]
  }
}
