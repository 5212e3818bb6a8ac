import Kelvin

/// `kelvin calibrate`: temperature scaling of a classifier's logits.
enum CalibrateCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "calibrate",
    abstract:
      "Fit one temperature so a classifier's confidence matches its accuracy (temperature scaling).",
    discussion: """
      Minimises the NLL of the labels over β = 1/τ by safeguarded Newton steps, one streamed \
      pass over --input per step. Reports NLL, accuracy (unchanged by τ), Brier score, ECE \
      and MCE (B equal-width bins: bin k holds confidences in [k/B, (k+1)/B), 1 in the last) \
      and class-wise ECE, before and after. With no files it trains the bundled digits \
      classifier, fits on its validation split and also reports the held-out test split. When \
      the NLL keeps falling towards τ → 0 or τ → ∞ the fit stops at its bound and says so on \
      stderr.
      """,
    examples: [
      "kelvin calibrate",
      "kelvin calibrate --input val_logits.npy --labels val_labels.npy --diagram reliability.svg",
      "kelvin calibrate --input val.npy --labels y.npy --apply test.npy --output test_probs.npy",
    ])

  /// The options of `kelvin calibrate`.
  struct Options: CommandOptions {
    var input: String?
    var labels: String?
    var apply: String?
    var output: String?
    var bins = 15
    var binning = Binning.equalWidth
    var diagram: String?
    var quiet = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .option(
          \.input, "input", "FILE",
          help: "Validation logits, [rows, classes] (.npy, .safetensors, .json, .csv).",
          .nonEmpty("a file path"), default: "the bundled digits classifier", path: true),
        .option(
          \.labels, "labels", "FILE", help: "Validation labels, one integer per row.",
          .nonEmpty("a file path"), path: true),
        .option(
          \.apply, "apply", "FILE", help: "Logits to calibrate with the fitted τ (needs --output).",
          .nonEmpty("a file path"), path: true),
        .option(
          \.output, "output", "OUT", help: "Where to write softmax(--apply / τ), as f4.",
          .outputPath, path: true),
        .option(
          \.bins, "bins", "B", help: "Number of bins for ECE and MCE.", .integer(Limits.bins)),
        .option(\.binning, "binning", "kind", help: "How bins are cut.", .choice(Binning.self)),
        .option(
          \.diagram, "diagram", "FILE.svg",
          help: "Write reliability diagrams (before and after) to this SVG file.", .svgPath,
          path: true),
        .quiet(\.quiet), .format(\.format),
      ]
    }

    /// Files that go in pairs.
    static var relations: [OptionRelation<Options>] {
      [.together(\.input, \.labels), .together(\.apply, \.output)]
    }
  }

  /// Fits and reports.
  static func run(_ options: Options, output: CommandOutput) throws {
    // Every output is created (and its folder checked) before the fit.
    if options.quiet { output.quiet() }
    let inputs = [options.input, options.labels, options.apply].compactMap { $0 }
    let diagram = try options.diagram.map { try AtomicOutputFile(path: $0, inputs: inputs) }
    let study: CalibrationStudy
    if let input = options.input, let labels = options.labels {
      var data = try LabelledLogits(logitsPath: input, labelsPath: labels)
      // Passes are counted as they come: a Newton step each, then the two measurements.
      let meter = ProgressReporter(label: "calibrate", unit: "rows read", output: output)
      data.onRow = { meter.advance() }
      if let error = Limits.product(
        ("--bins", options.bins), ("classes", data.classes), limit: Limits.binCells,
        what: "class-wise bins")
      {
        throw error
      }
      study = try CalibrationStudy(data, bins: options.bins, binning: options.binning)
    } else {
      study = try CalibrationStudy(
        bundled: try Digits.overconfidentClassifier(), bins: options.bins,
        binning: options.binning)
    }
    if let limit = study.fit.limit {
      output.warn(CalibrateReport.limitWarning(limit, study.fit.temperature))
    }
    if let apply = options.apply, let path = options.output {
      let source = try MatrixFile.open(apply)
      let writer = try MatrixWriter(
        path: path, dimensions: source.descriptor.dimensions, elementType: .float32,
        tensorName: "probabilities", inputs: inputs)
      try source.write(as: Double.self, to: writer) {
        try $1.formSoftmax(temperature: study.fit.temperature)
      }
      try writer.commit()
    }
    if let diagram {
      try diagram.write(
        CalibrateReport.diagrams(
          before: study.before, after: study.after, temperature: study.fit.temperature))
      try diagram.commit()
    }
    try CalibrateReport.write(study, options.format, output)
  }
}
