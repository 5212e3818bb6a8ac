import Kelvin

/// `kelvin distill`: the distillation experiment on the bundled digits.
enum DistillCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "distill",
    abstract:
      "Train a teacher and small students on the bundled digits, with and without distillation at each T.",
    discussion: """
      The teacher is a 64-unit network trained 60 epochs (over-confident); each student has 8 \
      hidden units and trains --epochs epochs on the same data, plainly or with the \
      distillation loss at temperature T and weight --alpha. Reports test accuracy and NLL. \
      A progress line goes to stderr when it is a terminal.
      """,
    examples: ["kelvin distill", "kelvin distill --temperatures 2,8 --alpha 0.5 --format json"])

  /// The options of `kelvin distill`.
  struct Options: CommandOptions {
    var temperatures = [1.0, 2, 5, 10, 20]
    var alpha = 0.9
    var epochs = 20
    var seed: UInt64 = 1
    var quiet = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(
          \.temperatures, "temperatures", "T1,T2,…", help: "Distillation temperatures.",
          .list(of: .number(.finiteAbove(0)), count: Limits.temperatureCount)),
        .option(\.alpha, "alpha", "A", help: "Weight of the soft term.", .number(.unitInterval)),
        .option(\.epochs, "epochs", "N", help: "Epochs per student.", .integer(Limits.epochs)),
        .option(\.seed, "seed", "S", help: "Seed of initialisation and example order.", .seed),
        .quiet(\.quiet), .format(\.format),
      ]
    }
  }

  /// Runs the experiment.
  static func run(_ options: Options, output: CommandOutput) throws {
    if options.quiet { output.quiet() }
    var experiment = DistillationExperiment()
    experiment.alpha = options.alpha
    experiment.studentEpochs = options.epochs
    experiment.seed = options.seed
    var shown = -1
    let (results, teacherLogits, testLabels) = try experiment.run(
      temperatures: options.temperatures
    ) { stage, fraction in
      let percent = Int(fraction * 100)
      guard percent / 10 != shown / 10 else { return }
      shown = percent
      output.progress("distill: \(percent)% (\(stage))")
    }
    output.endProgress()
    switch options.format {
    case .json, .jsonl:
      try output.json(
        Document(
          teacher: Document.Model(results[0]),
          students: results.dropFirst().map(Document.Model.init)))
    case .table:
      var rows = [["model", "test accuracy", "test NLL"]]
      for (index, result) in results.enumerated() {
        let name =
          index == 0
          ? "teacher (64 hidden)"
          : result.temperature.map { "student, distilled at T = \(NumberFormatting.shortest($0))" }
            ?? "student (8 hidden), labels only"
        rows.append([
          name, TextFormatting.fixed(result.accuracy * 100, decimals: 2) + "%",
          TextFormatting.fixed(result.negativeLogLikelihood, decimals: 4),
        ])
      }
      try output.line(
        "distillation on the bundled digits (α = \(NumberFormatting.shortest(options.alpha)), "
          + "\(options.epochs) student epochs, seed \(options.seed))\n")
      try output.write(TextFormatting.table(rows))
      let example = try DistillationExperiment.mostAmbiguousExample(
        logits: teacherLogits, labels: testLabels)
      let softened = try softTargets(logits: teacherLogits[example], temperatures: [1, 5, 20])
      try output.line(
        "\nsoft targets: the teacher on test example \(example) (a \(testLabels[example])) at T = 1, 5 and 20"
      )
      let softRows =
        [["digit", "T = 1", "T = 5", "T = 20"]]
        + (0..<10).map { digit in
          [String(digit)]
            + softened.map { TextFormatting.fixed($0[digit] * 100, decimals: 2) + "%" }
        }
      try output.write(TextFormatting.table(softRows))
    }
  }
}

extension DistillCommand {
  /// `kelvin distill --format json`: the teacher and the students (temperature null for the
  /// teacher and the labels-only student).
  struct Document: Encodable {
    /// One trained model's test figures.
    struct Model: Encodable {
      @EncodedAsNull var temperature: Double?
      let accuracy: Double
      let nll: Double

      init(_ result: DistillationExperiment.Result) {
        temperature = result.temperature
        accuracy = result.accuracy
        nll = result.negativeLogLikelihood
      }
    }

    let teacher: Model
    let students: [Model]
  }
}
