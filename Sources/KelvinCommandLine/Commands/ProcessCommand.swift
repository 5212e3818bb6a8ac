import Kelvin

/// `kelvin process`: runs a sampler chain without the final draw and shows the survivors.
public enum ProcessCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "process",
    abstract:
      "Run a sampler chain without the draw; print the surviving tokens and their probabilities.",
    discussion: """
      Processors run in the order given. Survivors are listed by probability (renormalised \
      over the survivors) descending, ties by lower token id. Processors: \
      \(ProcessorCatalog.entries.map(\.name).joined(separator: ", ")); see docs/SAMPLING.md \
      for the exact semantics of each.
      """,
    options: ChainOptions.options + [.format],
    examples: [
      "kelvin process --logits 2,1,0.5,0.1 --chain 'top_k=3;temperature=0.7'",
      "kelvin process --probs 0.5,0.3,0.15,0.05 --chain 'min_p=0.2'",
      "kelvin process --input logits.npy --row 0 --preset hf --temperature 0.7 --top-p 0.9",
    ])

  struct Survivor {
    let token: Int
    let logit: Double
    let probability: Double
  }

  /// Runs the chain and prints the survivors.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let input = try ChainOptions.logits(arguments)
    let logits = input.values.map(Float.init)
    var chain = try ChainOptions.chain(arguments, vocabularySize: logits.count)
    let candidates = try ChainOptions.run(input.origin) {
      try logits.withUnsafeBufferPointer { try chain.process($0) }
    }
    let probabilities = candidates.probabilities()
    var rows: [Survivor] = []
    for index in 0..<candidates.count {
      rows.append(
        Survivor(
          token: Int(candidates.tokens[index]), logit: Double(candidates.logits[index]),
          probability: probabilities[index]))
    }
    rows.sort {
      $0.probability > $1.probability || ($0.probability == $1.probability && $0.token < $1.token)
    }
    switch format {
    case .json:
      let survivors: [JSONValue] = rows.map { row in
        JSONValue.object([
          ("token", JSONValue.integer(row.token)), ("logit", JSONValue.number(row.logit)),
          ("probability", JSONValue.number(row.probability)),
        ])
      }
      return JSONValue.object([
        ("chain", .string(chain.specification)), ("candidates", .array(survivors)),
      ]).serialized + "\n"
    case .table:
      var text = "chain: \(chain.specification)\n"
      text += "\(rows.count) of \(logits.count) tokens survive\n\n"
      var table = [["token", "logit", "probability"]]
      for row in rows {
        table.append([
          String(row.token), TextFormatting.readable(row.logit),
          TextFormatting.compact(row.probability),
        ])
      }
      return text + TextFormatting.table(table, leftAligned: 0)
    }
  }
}
