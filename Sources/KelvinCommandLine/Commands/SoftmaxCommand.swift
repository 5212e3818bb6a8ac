import Kelvin

/// `kelvin softmax`: the tempered distribution of a logit vector, with its entropy.
public enum SoftmaxCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "softmax",
    abstract: "Print softmax(z / τ): probabilities, log-probabilities, entropy and perplexity.",
    discussion: """
      τ = 0 is the exact τ → 0 limit (the maximal logits share all probability), τ = inf is \
      uniform over the unmasked tokens. A logit of -inf masks its token; NaN and +inf are \
      errors (exit 65).
      """,
    options: [
      .value("logits", "L", help: "Comma-separated logits; -inf masks a token.", required: true),
      .value(
        "temperature", "T", help: "Temperature τ ≥ 0; 0 and inf are the limits.", default: "1"),
      .format,
    ],
    examples: [
      "kelvin softmax --logits 2,1,0.5,0.1 --temperature 0.7",
      "kelvin softmax --logits 5,4 --temperature 1 --format json",
      "kelvin softmax --logits 1,1,-inf --temperature 0",
    ])

  /// Computes and prints the distribution.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let temperature = try ValueParsing.temperature(
      arguments.required("temperature"), flag: "temperature")
    let logits = try VectorInput.vector("logits", from: arguments)
    let probabilities = try logits.softmax(temperature: temperature)
    let logProbabilities = try logits.logSoftmax(temperature: temperature)
    let entropyNats = try entropy(of: probabilities)
    let perplexityValue = try perplexity(of: probabilities)

    switch format {
    case .json:
      return JSONValue.object([
        ("temperature", .number(temperature)),
        ("probabilities", .numbers(probabilities)),
        ("log_probabilities", .numbers(logProbabilities)),
        ("entropy", .number(entropyNats)),
        ("perplexity", .number(perplexityValue)),
      ]).serialized + "\n"
    case .table:
      let tokens = logits.count == 1 ? "1 token" : "\(logits.count) tokens"
      var text = "softmax(z / τ) at τ = \(NumberFormatting.shortest(temperature)), \(tokens)\n\n"
      var rows = [["token", "logit", "probability", "log-probability"]]
      for index in logits.indices {
        rows.append([
          String(index), NumberFormatting.shortest(logits[index]),
          TextFormatting.compact(probabilities[index]),
          TextFormatting.compact(logProbabilities[index]),
        ])
      }
      text += TextFormatting.table(rows, leftAligned: 0) + "\n"
      let bits = InformationUnit.bits.fromNats(entropyNats)
      text += TextFormatting.table(
        [
          [
            "entropy",
            "\(TextFormatting.fixed(entropyNats, decimals: 6)) nats"
              + " (\(TextFormatting.fixed(bits, decimals: 6)) bits)",
          ],
          ["perplexity", TextFormatting.fixed(perplexityValue, decimals: 6)],
        ], leftAligned: 2)
      return text
    }
  }
}
