import Kelvin

/// `kelvin kd-loss`: the distillation loss (and gradient) on given logits.
enum KDLossCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "kd-loss",
    abstract:
      "Compute the knowledge-distillation loss α·T²·KL(teacher‖student at T) + (1−α)·CE on given logits.",
    discussion: """
      T must be finite and > 0: the loss scales the KL term by T², which has no limit at 0 or \
      ∞. The CE term is the cross-entropy of the labels under softmax(student); it is \
      reported whenever labels are given (at α = 1 it weighs nothing) and is null without \
      them.
      """,
    examples: ["kelvin kd-loss --student s.npy --teacher t.npy --labels y.npy --temperature 4"])

  /// The options of `kelvin kd-loss`.
  struct Options: CommandOptions {
    var student = ""
    var teacher = ""
    var labels: String?
    var temperature = 1.0
    var alpha = 0.9
    var gradient: String?
    var quiet = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(
          \.student, "student", "FILE", help: "Student logits, [rows, classes].",
          .nonEmpty("a file path"), required: true, path: true),
        .option(
          \.teacher, "teacher", "FILE", help: "Teacher logits, same shape.",
          .nonEmpty("a file path"), required: true, path: true),
        .option(
          \.labels, "labels", "FILE", help: "Labels (needed unless --alpha 1).",
          .nonEmpty("a file path"), path: true),
        .option(
          \.temperature, "temperature", "T", help: "Distillation temperature T.",
          .number(.finiteAbove(0)), required: true),
        .option(\.alpha, "alpha", "A", help: "Weight of the soft term.", .number(.unitInterval)),
        .option(
          \.gradient, "gradient", "OUT",
          help: "Write the gradient with respect to the student logits here (f8).", .outputPath,
          path: true),
        .quiet(\.quiet), .format(\.format),
      ]
    }

    /// Labels are needed unless α = 1.
    func validate(given: GivenOptions<Options>) throws {
      guard alpha == 1 || labels != nil else {
        throw CommandError.usage("--labels is needed unless --alpha 1", flag: "--labels")
      }
    }
  }

  /// Computes the loss.
  static func run(_ options: Options, output: CommandOutput) throws {
    let loss = try DistillationLoss(temperature: options.temperature, alpha: options.alpha)
    if options.quiet { output.quiet() }
    let meter = ProgressReporter(label: "kd-loss: reading", unit: "rows", output: output)
    let student = try MatrixFile.open(options.student).allRows { _ in meter.advance() }
    let teacher = try MatrixFile.open(options.teacher).allRows { _ in meter.advance() }
    let labels = try options.labels.map { try MatrixFile.open($0).readIntegers() } ?? []
    let value = try loss.value(student: student, teacher: teacher, labels: labels)
    if let path = options.gradient {
      let gradient = try loss.gradient(student: student, teacher: teacher, labels: labels)
      let writer = try MatrixWriter(
        path: path, dimensions: [gradient.count, gradient[0].count], elementType: .float64,
        tensorName: "gradient",
        inputs: [options.student, options.teacher] + (options.labels.map { [$0] } ?? []))
      for row in gradient { try writer.append(row) }
      try writer.commit()
    }
    try output.result(options.format) {
      Document(loss: value.loss, klTerm: value.klTerm, ceTerm: value.ceTerm)
    } table: {
      let ce = value.ceTerm.map { TextFormatting.fixed($0, decimals: 6) } ?? "n/a (no labels)"
      return TextFormatting.table(
        [
          ["loss", TextFormatting.fixed(value.loss, decimals: 6)],
          ["T²·KL term", TextFormatting.fixed(value.klTerm, decimals: 6)],
          [
            "CE term",
            ce + (options.alpha == 1 && value.ceTerm != nil ? " (weight 0 at α = 1)" : ""),
          ],
        ], leftAligned: 2)
    }
  }
}

extension KDLossCommand {
  /// `kelvin kd-loss --format json` (`ce_term` null without labels).
  struct Document: Encodable {
    let loss: Double
    let klTerm: Double
    @EncodedAsNull var ceTerm: Double?

    enum CodingKeys: String, CodingKey {
      case loss
      case klTerm = "kl_term"
      case ceTerm = "ce_term"
    }
  }
}
