import Foundation
import Kelvin

/// `kelvin kd-loss`: the distillation loss (and gradient) on given logits.
public enum KDLossCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "kd-loss",
    abstract:
      "Compute the knowledge-distillation loss α·T²·KL(teacher‖student at T) + (1−α)·CE on given logits.",
    options: [
      .value("student", "FILE", help: "Student logits, [rows, classes].", required: true),
      .value("teacher", "FILE", help: "Teacher logits, same shape.", required: true),
      .value("labels", "FILE", help: "Labels (needed unless --alpha 1)."),
      .value("temperature", "T", help: "Distillation temperature T > 0.", required: true),
      .value("alpha", "A", help: "Weight of the soft term, in [0, 1].", default: "0.9"),
      .value(
        "gradient", "OUT", help: "Write the gradient with respect to the student logits here."),
      .format,
    ],
    examples: ["kelvin kd-loss --student s.npy --teacher t.npy --labels y.npy --temperature 4"])

  /// Computes the loss.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let temperature = try ValueParsing.positiveFinite(
      arguments.required("temperature"), flag: "temperature")
    let alpha = try ValueParsing.number(arguments.required("alpha"), flag: "alpha")
    guard alpha >= 0, alpha <= 1 else {
      throw CommandError.usage(
        "--alpha must lie in [0, 1], got \(NumberFormatting.shortest(alpha))")
    }
    let loss = try DistillationLoss(temperature: temperature, alpha: alpha)
    let (student, teacher, labels) = try VectorInput.withFileErrors {
      () -> ([[Double]], [[Double]], [Int]) in
      let s = try MatrixFile.open(try arguments.required("student"))
      let t = try MatrixFile.open(try arguments.required("teacher"))
      let y = try arguments.value("labels").map { try MatrixFile.open($0).readIntegers() } ?? []
      func rows(_ m: any MatrixSource) throws -> [[Double]] {
        try (0..<m.rows).map { try m.row($0) }
      }
      return (try rows(s), try rows(t), y)
    }
    if alpha < 1 && labels.isEmpty {
      throw CommandError.usage("--labels is needed unless --alpha 1")
    }
    let value: DistillationLoss.Value
    do {
      value = try loss.value(student: student, teacher: teacher, labels: labels)
      if let path = arguments.value("gradient") {
        let gradient = try loss.gradient(student: student, teacher: teacher, labels: labels)
        try VectorInput.withFileErrors {
          let writer = try MatrixWriter(
            path: path, dimensions: [gradient.count, gradient[0].count], elementType: .float64,
            tensorName: "gradient")
          for row in gradient { try writer.append(row) }
          try writer.commit()
        }
      }
    } catch let error as DistillationError {
      throw CommandError.data(error.description)
    } catch let error as KelvinError {
      throw CommandError.data(error.description)
    }
    switch format {
    case .json:
      return JSONValue.object([
        ("loss", .number(value.loss)), ("kl_term", .number(value.klTerm)),
        ("ce_term", .number(value.ceTerm)),
      ]).serialized + "\n"
    case .table:
      return TextFormatting.table(
        [
          ["loss", TextFormatting.fixed(value.loss, decimals: 6)],
          ["T²·KL term", TextFormatting.fixed(value.klTerm, decimals: 6)],
          ["CE term", TextFormatting.fixed(value.ceTerm, decimals: 6)],
        ], leftAligned: 2)
    }
  }
}

/// `kelvin distill`: the distillation experiment on the bundled digits.
public enum DistillCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "distill",
    abstract:
      "Train a teacher and small students on the bundled digits, with and without distillation at each T.",
    discussion: """
      The teacher is a 64-unit network trained 60 epochs (over-confident); each student has 8 \
      hidden units and trains --epochs epochs on the same data, plainly or with the \
      distillation loss at temperature T and weight --alpha. Reports test accuracy and NLL. \
      A progress line goes to stderr.
      """,
    options: [
      .value("temperatures", "T1,T2,…", help: "Distillation temperatures.", default: "1,2,5,10,20"),
      .value("alpha", "A", help: "Weight of the soft term.", default: "0.9"),
      .value("epochs", "N", help: "Epochs per student.", default: "20"),
      .value("seed", "S", help: "Seed of initialisation and example order.", default: "1"),
      .format,
    ],
    examples: ["kelvin distill", "kelvin distill --temperatures 2,8 --alpha 0.5 --format json"])

  /// Runs the experiment.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let temperatures = try ValueParsing.numberList(
      arguments.required("temperatures"), flag: "temperatures")
    for value in temperatures where !(value.isFinite && value > 0) {
      throw CommandError.usage(
        "--temperatures: every temperature must be finite and > 0, got \(NumberFormatting.shortest(value))"
      )
    }
    let alpha = try ValueParsing.number(arguments.required("alpha"), flag: "alpha")
    guard alpha >= 0, alpha <= 1 else {
      throw CommandError.usage(
        "--alpha must lie in [0, 1], got \(NumberFormatting.shortest(alpha))")
    }
    var experiment = DistillationExperiment()
    experiment.alpha = alpha
    experiment.studentEpochs = try ValueParsing.count(arguments.required("epochs"), flag: "epochs")
    experiment.seed = try ValueParsing.seed(arguments.required("seed"), flag: "seed")
    var shown = -1
    let (results, teacherLogits, testLabels) = try experiment.run(temperatures: temperatures) {
      stage, fraction in
      let percent = Int(fraction * 100)
      guard percent / 10 != shown / 10 else { return }
      shown = percent
      StandardStreams.write("\rdistill: \(percent)% (\(stage))          ", to: .error)
    }
    StandardStreams.write("\n", to: .error)
    switch format {
    case .json:
      func json(_ result: DistillationExperiment.Result) -> JSONValue {
        .object([
          ("temperature", .optionalNumber(result.temperature)),
          ("accuracy", .number(result.accuracy)), ("nll", .number(result.negativeLogLikelihood)),
        ])
      }
      return JSONValue.object([
        ("teacher", json(results[0])), ("students", .array(results.dropFirst().map(json))),
      ]).serialized + "\n"
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
      var text =
        "distillation on the bundled digits (α = \(NumberFormatting.shortest(alpha)), \(experiment.studentEpochs) student epochs, seed \(experiment.seed))\n\n"
        + TextFormatting.table(rows)
      let example = DistillationExperiment.mostAmbiguousExample(
        logits: teacherLogits, labels: testLabels)
      let softened = try softTargets(logits: teacherLogits[example], temperatures: [1, 5, 20])
      text +=
        "\nsoft targets: the teacher on test example \(example) (a \(testLabels[example])) at T = 1, 5 and 20\n"
      var softRows = [["digit", "T = 1", "T = 5", "T = 20"]]
      for digit in 0..<10 {
        softRows.append(
          [String(digit)]
            + softened.map { TextFormatting.fixed($0[digit] * 100, decimals: 2) + "%" })
      }
      text += TextFormatting.table(softRows)
      return text
    }
  }
}
