import Kelvin

/// `kelvin inspect FILE`: what a file of logits holds, for a person checking it.
enum InspectCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "inspect",
    abstract:
      "Show a file's format, dtype, shape and tensors, with min, max, mean and NaN/±inf counts.",
    discussion: """
      Reads .npy, .safetensors, .json, .csv and .tsv files (- reads JSON or CSV from stdin). \
      Statistics are computed over the whole tensor a block of rows at a time, so any size \
      works. For safetensors every tensor is shown unless --tensor names one.
      """,
    examples: [
      "kelvin inspect logits.npy", "kelvin inspect model_outputs.safetensors --format json",
    ])

  /// The options of `kelvin inspect`.
  struct Options: CommandOptions {
    var path = ""
    var fileFormat: MatrixFileFormat?
    var tensor: String?
    var streamLimit = InputFile.defaultStreamLimit
    var quiet = false
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      [
        .argument(
          \.path, "FILE", help: "The file to inspect; - reads JSON or CSV from stdin.",
          .nonEmpty("a file path"), path: true),
        .option(
          \.fileFormat, "input-format", "format", help: "The file's format.",
          InputOptions.formatRule, default: "from the extension"),
        .option(
          \.tensor, "tensor", "NAME", help: "For safetensors, inspect only this tensor.",
          .nonEmpty("a tensor name"), default: "every tensor"),
        .streamLimit(\.streamLimit), .quiet(\.quiet), .format(\.format),
      ]
    }
  }

  /// Reads the file and prints its description.
  static func run(_ options: Options, output: CommandOutput) throws {
    if options.quiet { output.quiet() }
    let path = options.path
    // Every tensor of a safetensors file comes from one reading of its header.
    let sources =
      try options.tensor.map {
        [
          try MatrixFile.open(
            path, format: options.fileFormat, tensor: $0, streamLimit: options.streamLimit)
        ]
      } ?? MatrixFile.openAll(path, format: options.fileFormat, streamLimit: options.streamLimit)
    let reports = try sources.map { source in
      let meter = ProgressReporter(
        label: "inspect \(PrintableText.line(source.descriptor.name ?? path))", total: source.rows,
        unit: "rows",
        output: output)
      return (source.descriptor, try TensorStatistics(source) { _ in meter.advance() })
    }
    switch options.format {
    case .json, .jsonl:
      try output.json(
        Document(
          file: path, format: reports.first?.0.formatDescription ?? "",
          tensors: reports.map(Document.Tensor.init)))
    case .table:
      try output.write(reports.map { table($0, $1, path: path) }.joined(separator: "\n"))
    }
  }

  static func table(_ descriptor: TensorDescriptor, _ statistics: TensorStatistics, path: String)
    -> String
  {
    let title = PrintableText.line(descriptor.name.map { "\(path) [\($0)]" } ?? path)
    let order =
      descriptor.elementType.byteCount == 1
      ? "" : descriptor.byteOrder == .littleEndian ? ", little-endian" : ", big-endian"
    let number = { (value: Double?) in value.map(TextFormatting.readable) ?? "–" }
    return "\(title)\n"
      + TextFormatting.table(
        [
          ["format", descriptor.formatDescription],
          [
            "dtype",
            "\(PrintableText.line(descriptor.typeSpelling)) (\(descriptor.elementType.rawValue)\(order))",
          ],
          ["shape", "[" + descriptor.dimensions.map(String.init).joined(separator: ", ") + "]"],
          ["rows × columns", "\(descriptor.rows) × \(descriptor.columns)"],
          ["count", String(statistics.count)], ["min", number(statistics.minimum)],
          ["max", number(statistics.maximum)], ["mean", number(statistics.mean)],
          ["NaN", String(statistics.nanCount)], ["+inf", String(statistics.positiveInfinityCount)],
          ["-inf", String(statistics.negativeInfinityCount)],
        ], leftAligned: 2)
  }
}

extension InspectCommand {
  /// `kelvin inspect --format json`: the file and each tensor's header and statistics.
  struct Document: Encodable {
    /// One tensor (`name` null for a file of one array; the statistics null when it is empty).
    struct Tensor: Encodable {
      @EncodedAsNull var name: String?
      let dtype: String
      let elementType: String
      let byteOrder: String
      let shape: [Int]
      let rows: Int
      let columns: Int
      let count: Int
      @EncodedAsNull var min: Double?
      @EncodedAsNull var max: Double?
      @EncodedAsNull var mean: Double?
      let nan: Int
      let positiveInfinity: Int
      let negativeInfinity: Int

      init(_ descriptor: TensorDescriptor, _ statistics: TensorStatistics) {
        name = descriptor.name
        dtype = descriptor.typeSpelling
        elementType = descriptor.elementType.rawValue
        byteOrder = descriptor.byteOrder == .littleEndian ? "little" : "big"
        shape = descriptor.dimensions
        rows = descriptor.rows
        columns = descriptor.columns
        count = statistics.count
        min = statistics.minimum
        max = statistics.maximum
        mean = statistics.mean
        nan = statistics.nanCount
        positiveInfinity = statistics.positiveInfinityCount
        negativeInfinity = statistics.negativeInfinityCount
      }

      enum CodingKeys: String, CodingKey {
        case name, dtype
        case elementType = "element_type"
        case byteOrder = "byte_order"
        case shape, rows, columns, count, min, max, mean, nan
        case positiveInfinity = "positive_infinity"
        case negativeInfinity = "negative_infinity"
      }
    }

    let file: String
    let format: String
    let tensors: [Tensor]
  }
}
