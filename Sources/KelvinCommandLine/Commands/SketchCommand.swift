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
    var top = 20
    var plot: String?
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      VectorOptions.napkinLogits(at: \.logits)
        + [
          .option(
            \.temperatures, "temperatures", "T1,T2,…", help: "Comma-separated temperatures.",
            .list(of: .temperature, count: Limits.temperatureCount)),
          .top(\.top),
          .option(
            \.plot, "plot", "FILE.svg",
            help:
              "Also draw the sketch as bar charts (each temperature and the two limits) in this SVG file.",
            .svgPath, path: true),
          .format(\.format),
        ]
    }

    /// `--logits` or `--input`, and the file options only with `--input`.
    static var relations: [OptionRelation<Options>] {
      VectorOptions.relations(at: \.logits) + [.tableOnly(\.top, \.format)]
    }
  }

  /// Draws the sketch.
  static func run(_ options: Options, output: CommandOutput) throws {
    let plot = try options.plot.map { try AtomicOutputFile(path: $0) }
    let input = try options.logits.vector(flag: "--logits", fallback: napkinLogits)
    let (rows, limits) = try input.compute { logits in
      (
        try options.temperatures.map { try SketchRow(logits, temperature: $0) },
        try [0, Double.infinity].map { try SketchRow(logits, temperature: $0) }
      )
    }
    if let plot {
      try plot.write(
        sketchPicture(rows: rows, limits: limits, logits: input.values, top: options.top))
      try plot.commit()
    }
    switch options.format {
    case .json, .jsonl:
      let given = Set(options.temperatures)
      let extra = limits.filter { !given.contains($0.temperature) }
      try output.json(SketchDocument(logits: input.values, rows: rows + extra))
    case .table:
      let logits = input.values
      let listed = logits.prefix(8).map(TextFormatting.readable).joined(separator: ", ")
      let more = logits.count > 8 ? ", … (\(logits.count) logits)" : ""
      try output.line("How temperature reshapes softmax(z / τ) for logits z = [\(listed)\(more)]")
      // The largest logits are the most probable classes at every τ, so one choice of
      // classes serves every block.
      let shown = ShownEntries(weights: logits, top: options.top)
      for row in rows {
        let title = "τ = \(NumberFormatting.shortest(row.temperature))"
        try output.write("\n" + row.block(title: title, logits, shown.indices))
      }
      try output.write("\nThe limits\n")
      for (row, title) in zip(
        limits, ["τ → 0  (greedy: the maximum takes all)", "τ → ∞  (uniform over unmasked tokens)"])
      {
        try output.write("\n" + row.block(title: title, logits, shown.indices))
      }
      if let note = shown.note("classes") { try output.line("\n" + note) }
    }
  }
}

extension SketchCommand {
  /// The sketch as bar charts: one per temperature, then τ → 0 and τ → ∞, on a shared 0–1
  /// axis, the `top` likeliest classes shown.
  static func sketchPicture(rows: [SketchRow], limits: [SketchRow], logits: [Double], top: Int)
    -> String
  {
    let shown = ShownEntries(weights: logits, top: top).indices
    let titles =
      rows.map { "τ = \(NumberFormatting.shortest($0.temperature))" } + ["τ → 0", "τ → ∞"]
    let charts = zip(rows + limits, titles).map { row, title in
      var chart = BarChart(
        title: title + "  (H = \(TextFormatting.fixed(row.entropy, decimals: 3)))",
        yLabel: "probability", categories: shown.map { "z=\(TextFormatting.readable(logits[$0]))" },
        values: shown.map { row.probabilities[$0] }, yRange: 0...1,
        valueLabel: { TextFormatting.fixed($0, decimals: 3) })
      chart.plotWidth = max(160, Double(shown.count) * 44)
      return chart.picture()
    }
    let perRow = 3
    let lines = stride(from: 0, to: charts.count, by: perRow).map {
      Picture.row(Array(charts[$0..<min(charts.count, $0 + perRow)]), spacing: 16)
    }
    let listed = logits.prefix(8).map(TextFormatting.readable).joined(separator: ", ")
    return Picture.column(lines, spacing: 12).document(
      title:
        "How temperature reshapes softmax(z / τ) for z = [\(listed)\(logits.count > 8 ? ", …" : "")]",
      summary:
        "Bar charts of the softmax probabilities at " + titles.joined(separator: ", ")
        + ", with each distribution's entropy H in nats.")
  }
}

extension VectorOptions {
  /// `--logits` (or `--input …`) defaulting to the napkin example, for `sketch` and `explore`.
  static func napkinLogits<Outer>(at path: WritableKeyPath<Outer, VectorOptions>)
    -> [OptionDeclaration<Outer>]
  {
    declarations(
      at: path, "logits", "L", help: "Comma-separated logits; -inf masks a token.",
      default: "2,1,0.5,0.1, the napkin example")
  }
}
