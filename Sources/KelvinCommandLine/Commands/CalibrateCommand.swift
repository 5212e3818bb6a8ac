import Foundation
import Kelvin

/// `kelvin calibrate`: temperature scaling of a classifier's logits.
public enum CalibrateCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "calibrate",
    abstract:
      "Fit one temperature so a classifier's confidence matches its accuracy (temperature scaling).",
    discussion: """
      Minimises the NLL of the labels over β = 1/τ by safeguarded Newton steps, one streamed \
      pass over --logits per step. Reports NLL, accuracy (unchanged by τ), Brier score, ECE \
      and MCE (15 equal-width bins: bin k holds confidences in [k/15, (k+1)/15), 1 in the last) \
      and class-wise ECE, before and after. With no files it trains the bundled digits \
      classifier, fits on its validation split and also reports the held-out test split.
      """,
    options: [
      .value(
        "logits", "FILE",
        help: "Validation logits, [rows, classes] (.npy, .safetensors, .json, .csv)."),
      .value("labels", "FILE", help: "Validation labels, one integer per row."),
      .value("apply", "FILE", help: "Logits to calibrate with the fitted τ (needs --output)."),
      .value("output", "OUT", help: "Where to write softmax(--apply / τ)."),
      .value("bins", "B", help: "Number of bins for ECE and MCE.", default: "15"),
      .value("binning", "kind", help: "equal-width or equal-mass.", default: "equal-width"),
      .value(
        "diagram", "FILE.svg",
        help: "Write reliability diagrams (before and after) to this SVG file."),
      .format,
    ],
    examples: [
      "kelvin calibrate",
      "kelvin calibrate --logits val_logits.npy --labels val_labels.npy --diagram reliability.svg",
      "kelvin calibrate --logits val.npy --labels y.npy --apply test.npy --output test_probs.npy",
    ])

  /// Fits and reports.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let bins = try ValueParsing.count(arguments.required("bins"), flag: "bins")
    let binning: Binning = try ValueParsing.choice(arguments.required("binning"), flag: "binning")
    if arguments.isGiven("apply") != arguments.isGiven("output") {
      throw CommandError.usage("--apply and --output go together")
    }
    var validationLogits: [[Double]]
    var validationLabels: [Int]
    var test: (logits: [[Double]], labels: [Int])?
    var source = "the bundled digits classifier (validation split)"
    if arguments.isGiven("logits") || arguments.isGiven("labels") {
      guard let logitsPath = arguments.value("logits"), let labelsPath = arguments.value("labels")
      else {
        throw CommandError.usage("--logits and --labels go together")
      }
      if binning == .equalWidth {
        return try streamed(arguments, logitsPath, labelsPath, bins: bins, format: format)
      }
      (validationLogits, validationLabels) = try readLabelled(logitsPath, labelsPath)
      source = logitsPath
    } else {
      let bundled = try Digits.overconfidentClassifier()
      (validationLogits, validationLabels) = bundled.validation
      test = bundled.test
    }
    let fit = try TemperatureScaling(logits: validationLogits, labels: validationLabels)
    func metrics(_ logits: [[Double]], _ labels: [Int], _ tau: Double) -> CalibrationMetrics {
      CalibrationMetrics(
        probabilities: calibratedProbabilities(logits, temperature: tau), labels: labels,
        binCount: bins, binning: binning)
    }
    let testMetrics = test.map {
      (metrics($0.logits, $0.labels, 1), metrics($0.logits, $0.labels, fit.temperature))
    }
    return try report(
      arguments, fit: fit, before: metrics(validationLogits, validationLabels, 1),
      after: metrics(validationLogits, validationLabels, fit.temperature), test: testMetrics,
      source: source, format: format)
  }

  /// Applies, draws and prints.
  static func report(
    _ arguments: ParsedArguments, fit: TemperatureScaling, before: CalibrationMetrics,
    after: CalibrationMetrics, test: (CalibrationMetrics, CalibrationMetrics)?, source: String,
    format: OutputFormat
  ) throws -> String {
    if let apply = arguments.value("apply"), let output = arguments.value("output") {
      try write(apply, to: output, temperature: fit.temperature)
    }
    if let diagram = arguments.value("diagram") {
      let svg = combined(before, after, temperature: fit.temperature)
      try VectorInput.withFileErrors {
        let file = try AtomicOutputFile(path: diagram)
        try file.write(svg)
        try file.commit()
      }
    }
    switch format {
    case .json:
      var members: [(String, JSONValue)] = [
        ("temperature", .number(fit.temperature)), ("iterations", .integer(fit.iterations)),
        ("before", json(before)), ("after", json(after)),
      ]
      if let (testBefore, testAfter) = test {
        members.append(
          ("test", .object([("before", json(testBefore)), ("after", json(testAfter))])))
      }
      return JSONValue.object(members).serialized + "\n"
    case .table:
      var text =
        "temperature scaling on \(source): τ = \(TextFormatting.fixed(fit.temperature, decimals: 4)) after \(fit.iterations) Newton steps\n\n"
      text += table("fit set", before, after)
      if let (testBefore, testAfter) = test {
        text += "\n" + table("held-out test split", testBefore, testAfter)
      }
      return text
    }
  }

  /// Fits and measures with passes over the logits file, never holding it in memory: the fit
  /// accumulates Newton's sums, the metrics their bins.
  static func streamed(
    _ arguments: ParsedArguments, _ logitsPath: String, _ labelsPath: String, bins: Int,
    format: OutputFormat
  ) throws -> String {
    let (source, labels) = try openLabelled(logitsPath, labelsPath)
    func pass(_ body: (UnsafeMutableBufferPointer<Double>, Int) throws -> Void) throws {
      try VectorInput.withFileErrors {
        try RowStream.forEachRow(of: source, in: 0..<source.rows, as: Double.self) { index, row in
          for value in row where !value.isFinite {
            throw CommandError.data(
              "\(logitsPath) row \(index): logits must be finite, found \(NumberFormatting.shortest(value))"
            )
          }
          try body(row, labels[index])
        }
      }
    }
    let fit = try TemperatureScaling { visit in
      try pass { row, label in try visit(UnsafeBufferPointer(row), label) }
    }
    func metrics(_ tau: Double) throws -> CalibrationMetrics {
      var accumulator = CalibrationMetrics.Accumulator(classes: source.columns, binCount: bins)
      try pass { row, label in
        try row.formSoftmax(temperature: tau)
        accumulator.add(UnsafeBufferPointer(row), label: label)
      }
      return CalibrationMetrics(accumulator)
    }
    let before = try metrics(1)
    let after = try metrics(fit.temperature)
    return try report(
      arguments, fit: fit, before: before, after: after, test: nil, source: logitsPath,
      format: format)
  }

  static func openLabelled(_ logitsPath: String, _ labelsPath: String) throws -> (
    any MatrixSource, [Int]
  ) {
    try VectorInput.withFileErrors {
      let source = try MatrixFile.open(logitsPath)
      let labels = try MatrixFile.open(labelsPath).readIntegers()
      guard source.rows >= 2 else {
        throw CommandError.data(
          "\(logitsPath): calibration needs at least 2 rows, the file has \(source.rows)")
      }
      guard labels.count == source.rows else {
        throw CommandError.data(
          "\(labelsPath): \(labels.count) labels for \(source.rows) rows of logits")
      }
      for (index, label) in labels.enumerated() where label < 0 || label >= source.columns {
        throw CommandError.data(
          "\(labelsPath): label \(index) is \(label), outside 0…\(source.columns - 1)")
      }
      return (source, labels)
    }
  }

  static func readLabelled(_ logitsPath: String, _ labelsPath: String) throws -> ([[Double]], [Int])
  {
    let (source, labels) = try openLabelled(logitsPath, labelsPath)
    var rows: [[Double]] = []
    try VectorInput.withFileErrors {
      try RowStream.forEachRow(of: source, in: 0..<source.rows, as: Double.self) { index, row in
        for value in row where !value.isFinite {
          throw CommandError.data(
            "\(logitsPath) row \(index): logits must be finite, found \(NumberFormatting.shortest(value))"
          )
        }
        rows.append(Array(row))
      }
    }
    return (rows, labels)
  }

  static func write(_ input: String, to output: String, temperature: Double) throws {
    try VectorInput.withFileErrors {
      let source = try MatrixFile.open(input)
      let writer = try MatrixWriter(
        path: output, dimensions: source.descriptor.dimensions, elementType: .float32,
        tensorName: "probabilities")
      try RowStream.forEachRow(of: source, in: 0..<source.rows, as: Double.self) { index, row in
        do {
          try row.formSoftmax(temperature: temperature)
        } catch let error as KelvinError {
          throw CommandError.data("\(input) row \(index): \(error)")
        }
        try writer.append(UnsafeBufferPointer(row))
      }
      try writer.commit()
    }
  }

  static func json(_ metrics: CalibrationMetrics) -> JSONValue {
    .object([
      ("nll", .number(metrics.negativeLogLikelihood)),
      ("ece", .number(metrics.expectedCalibrationError)),
      ("mce", .number(metrics.maximumCalibrationError)), ("brier", .number(metrics.brier)),
      ("accuracy", .number(metrics.accuracy)),
      ("classwise_ece", .number(metrics.classwiseCalibrationError)),
    ])
  }

  static func table(_ title: String, _ before: CalibrationMetrics, _ after: CalibrationMetrics)
    -> String
  {
    func row(_ name: String, _ a: Double, _ b: Double, _ digits: Int = 4) -> [String] {
      [name, TextFormatting.fixed(a, decimals: digits), TextFormatting.fixed(b, decimals: digits)]
    }
    return "\(title)\n"
      + TextFormatting.table([
        ["", "before (τ = 1)", "after"],
        row("NLL", before.negativeLogLikelihood, after.negativeLogLikelihood),
        row("ECE", before.expectedCalibrationError, after.expectedCalibrationError),
        row("MCE", before.maximumCalibrationError, after.maximumCalibrationError),
        row("class-wise ECE", before.classwiseCalibrationError, after.classwiseCalibrationError),
        row("Brier", before.brier, after.brier),
        row("accuracy", before.accuracy, after.accuracy),
      ])
  }

  static func combined(
    _ before: CalibrationMetrics, _ after: CalibrationMetrics, temperature: Double
  ) -> String {
    let left = ReliabilityDiagram.svg(
      bins: before.bins, title: "before (τ = 1)",
      expectedCalibrationError: before.expectedCalibrationError)
    let right = ReliabilityDiagram.svg(
      bins: after.bins, title: "after (τ = \(TextFormatting.fixed(temperature, decimals: 3)))",
      expectedCalibrationError: after.expectedCalibrationError)
    return """
      <svg xmlns="http://www.w3.org/2000/svg" width="960" height="480" viewBox="0 0 960 480">
      <g>\(left)</g>
      <g transform="translate(480 0)">\(right)</g>
      </svg>

      """
  }
}
