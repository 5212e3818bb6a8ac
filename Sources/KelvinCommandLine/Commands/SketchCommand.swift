import Kelvin

/// `kelvin sketch`: the napkin sketch of how temperature reshapes a distribution.
enum SketchCommand: Command {
  /// The napkin example: logits [2.0, 1.0, 0.5, 0.1].
  static let napkinLogits = [2.0, 1.0, 0.5, 0.1]

  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "sketch",
    abstract: "Draw how temperature reshapes softmax(z / τ): bars per class at each τ.",
    discussion: """
      With no options it draws the napkin sketch: logits [2.0, 1.0, 0.5, 0.1] at τ = 0.5, 1 \
      and 2, with each row's entropy, then the limits τ → 0 (all mass on the maximum, shared \
      by ties) and τ → ∞ (uniform over the unmasked tokens).
      """,
    examples: [
      "kelvin sketch",
      "kelvin sketch --logits 3,1,-inf,0 --temperatures 0.25,1,4",
      "kelvin sketch --format json",
    ])

  /// The options of `kelvin sketch`.
  struct Options: CommandOptions {
    var logits = VectorOptions()
    var temperatures = [0.5, 1, 2]
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      VectorOptions.declarations(
        at: \.logits, "logits", "L", help: "Comma-separated logits; -inf masks a token.",
        default: "2,1,0.5,0.1, the napkin example")
        + [
          .option(
            \.temperatures, "temperatures", "T1,T2,…", help: "Comma-separated temperatures.",
            .list(of: .temperature, count: Limits.temperatureCount)),
          .format(\.format),
        ]
    }

    /// `--logits` or `--input`, and the file options only with `--input`.
    static var relations: [OptionRelation<Options>] {
      VectorOptions.relations(at: \.logits)
    }
  }

  /// Draws the sketch.
  static func run(_ options: Options, output: CommandOutput) throws {
    let input = try options.logits.vector(flag: "--logits", fallback: napkinLogits)
    let (rows, limits) = try input.compute { logits in
      (
        try options.temperatures.map { try SketchRow(logits, temperature: $0) },
        try [0, Double.infinity].map { try SketchRow(logits, temperature: $0) }
      )
    }
    switch options.format {
    case .json:
      let given = Set(options.temperatures)
      let extra = limits.filter { !given.contains($0.temperature) }
      try output.line(
        JSONValue.object([
          ("logits", .numbers(input.values)), ("rows", .array((rows + extra).map(\.json))),
        ]).serialized)
    case .table:
      let logits = input.values
      let text = logits.map(TextFormatting.readable).joined(separator: ", ")
      try output.line("How temperature reshapes softmax(z / τ) for logits z = [\(text)]")
      for row in rows {
        try output.write(
          "\n" + row.block(title: "τ = \(NumberFormatting.shortest(row.temperature))", logits))
      }
      try output.write("\nThe limits\n")
      try output.write(
        "\n" + limits[0].block(title: "τ → 0  (greedy: the maximum takes all)", logits))
      try output.write(
        "\n" + limits[1].block(title: "τ → ∞  (uniform over unmasked tokens)", logits))
    }
  }
}

/// One distribution of the sketch and its drawing.
struct SketchRow {
  let temperature: Double
  let probabilities: [Double]
  let entropy: Double

  init(_ logits: [Double], temperature: Double) throws {
    self.temperature = temperature
    probabilities = try logits.softmax(temperature: temperature)
    entropy = try Kelvin.entropy(of: probabilities)
  }

  var json: JSONValue {
    .object([
      ("temperature", .number(temperature)), ("probabilities", .numbers(probabilities)),
      ("entropy", .number(entropy)),
    ])
  }

  static let barWidth = 40

  /// A titled block: one bar per class with its percentage (one decimal).
  func block(title: String, _ logits: [Double]) -> String {
    let labels = logits.enumerated().map { index, logit in
      "\(index)  z = \(TextFormatting.readable(logit))"
    }
    let labelWidth = labels.map(\.count).max() ?? 0
    var text = TextFormatting.left(title, labelWidth + Self.barWidth + 5)
    text += "entropy \(TextFormatting.fixed(entropy, decimals: 3)) nats\n"
    for (label, probability) in zip(labels, probabilities) {
      let percent = TextFormatting.fixed(100 * probability, decimals: 1) + "%"
      text += "  " + TextFormatting.left(label, labelWidth) + "  "
      text += TextFormatting.bar(probability, width: Self.barWidth)
      text += TextFormatting.right(percent, 7) + "\n"
    }
    return text
  }
}
