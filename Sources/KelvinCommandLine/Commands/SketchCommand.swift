import Kelvin

/// `kelvin sketch`: the napkin sketch of how temperature reshapes a distribution.
public enum SketchCommand: Command {
  /// The napkin example: logits [2.0, 1.0, 0.5, 0.1].
  public static let napkinLogits = "2.0,1.0,0.5,0.1"

  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "sketch",
    abstract: "Draw how temperature reshapes softmax(z / τ): bars per class at each τ.",
    discussion: """
      With no options it draws the napkin sketch: logits [2.0, 1.0, 0.5, 0.1] at τ = 0.5, 1 \
      and 2, with each row's entropy, then the limits τ → 0 (all mass on the maximum, shared \
      by ties) and τ → ∞ (uniform over the unmasked tokens).
      """,
    options: []
      + VectorInput.options(
        "logits", "L", help: "Comma-separated logits; -inf masks a token.", default: napkinLogits)
      + [
        .value(
          "temperatures", "T1,T2,…",
          help: "Comma-separated temperatures τ ≥ 0 (0 and inf are the limits).",
          default: "0.5,1,2"),
        .format,
      ],
    examples: [
      "kelvin sketch",
      "kelvin sketch --logits 3,1,-inf,0 --temperatures 0.25,1,4",
      "kelvin sketch --format json",
    ])

  /// One distribution of the sketch.
  struct Row {
    let temperature: Double
    let probabilities: [Double]
    let entropy: Double
  }

  /// Draws the sketch.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let input = try VectorInput.vector("logits", from: arguments)
    let logits = input.values
    let temperatures = try ValueParsing.temperatureList(
      arguments.required("temperatures"), flag: "temperatures")
    let (rows, limits) = try input.compute { logits in
      (
        try temperatures.map { try row(logits, temperature: $0) },
        try [0, Double.infinity].map { try row(logits, temperature: $0) }
      )
    }

    switch format {
    case .json:
      let given = Set(temperatures)
      let limitRows = limits.filter { !given.contains($0.temperature) }
      let json = JSONValue.object([
        ("logits", .numbers(logits)),
        ("rows", .array((rows + limitRows).map(jsonRow))),
      ])
      return json.serialized + "\n"
    case .table:
      let logitText = logits.map(TextFormatting.readable).joined(separator: ", ")
      var text = "How temperature reshapes softmax(z / τ) for logits z = [\(logitText)]\n"
      for row in rows {
        text +=
          "\n" + block(title: "τ = \(NumberFormatting.shortest(row.temperature))", row, logits)
      }
      text += "\nThe limits\n"
      text += "\n" + block(title: "τ → 0  (greedy: the maximum takes all)", limits[0], logits)
      text += "\n" + block(title: "τ → ∞  (uniform over unmasked tokens)", limits[1], logits)
      return text
    }
  }

  static func row(_ logits: [Double], temperature: Double) throws -> Row {
    let probabilities = try logits.softmax(temperature: temperature)
    return Row(
      temperature: temperature, probabilities: probabilities,
      entropy: try entropy(of: probabilities))
  }

  static func jsonRow(_ row: Row) -> JSONValue {
    .object([
      ("temperature", .number(row.temperature)),
      ("probabilities", .numbers(row.probabilities)),
      ("entropy", .number(row.entropy)),
    ])
  }

  static let barWidth = 40

  /// A titled block: one bar per class with its percentage (one decimal).
  static func block(title: String, _ row: Row, _ logits: [Double]) -> String {
    let labels = logits.enumerated().map { index, logit in
      "\(index)  z = \(TextFormatting.readable(logit))"
    }
    let labelWidth = labels.map(\.count).max() ?? 0
    var text = TextFormatting.left(title, labelWidth + barWidth + 5)
    text += "entropy \(TextFormatting.fixed(row.entropy, decimals: 3)) nats\n"
    for (label, probability) in zip(labels, row.probabilities) {
      let percent = TextFormatting.fixed(100 * probability, decimals: 1) + "%"
      text += "  " + TextFormatting.left(label, labelWidth) + "  "
      text += TextFormatting.bar(probability, width: barWidth)
      text += TextFormatting.right(percent, 7) + "\n"
    }
    return text
  }
}
