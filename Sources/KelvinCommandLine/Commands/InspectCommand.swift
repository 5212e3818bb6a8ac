import Kelvin

/// `kelvin inspect FILE`: what a file of logits holds, for a person checking it.
public enum InspectCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "inspect",
    abstract:
      "Show a file's format, dtype, shape and tensors, with min, max, mean and NaN/±inf counts.",
    discussion: """
      Reads .npy, .safetensors, .json, .csv and .tsv files (- reads JSON or CSV from stdin). \
      Statistics are computed over the whole tensor a block of rows at a time, so any size \
      works. For safetensors every tensor is shown unless --tensor names one.
      """,
    arguments: [ArgumentSpec("FILE", help: "The file to inspect.")],
    options: [
      .value(
        "input-format", "format",
        help: "The file's format: npy, safetensors, json or csv (default: from the extension)."),
      .value("tensor", "NAME", help: "For safetensors, inspect only this tensor."),
      .format,
    ],
    examples: [
      "kelvin inspect logits.npy", "kelvin inspect model_outputs.safetensors --format json",
    ])

  /// Reads the file and prints its description.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let outputFormat = try OutputFormat(arguments)
    let path = arguments.positionals[0]
    let format: MatrixFileFormat? =
      try arguments.value("input-format").map { try ValueParsing.choice($0, flag: "input-format") }
    let reports: [(TensorDescriptor, TensorStatistics)] = try VectorInput.withFileErrors {
      var names: [String?] = [arguments.value("tensor")]
      if arguments.value("tensor") == nil, path != "-",
        (format ?? MatrixFileFormat(path: path)) == .safetensors
      {
        let all = try MatrixFile.tensors(in: path, format: format).map(\.name)
        if !all.isEmpty { names = all }  // none: opening reports "holds no tensors"
      }
      return try names.map { name in
        let source = try MatrixFile.open(path, format: format, tensor: name)
        return (source.descriptor, try TensorStatistics(source))
      }
    }
    switch outputFormat {
    case .json:
      return JSONValue.object([
        ("file", .string(path)),
        ("format", .string(reports.first?.0.formatDescription ?? "")),
        ("tensors", .array(reports.map(json))),
      ]).serialized + "\n"
    case .table:
      return reports.map { table($0, $1, path: path) }.joined(separator: "\n")
    }
  }

  static func json(_ descriptor: TensorDescriptor, _ statistics: TensorStatistics) -> JSONValue {
    .object([
      ("name", descriptor.name.map(JSONValue.string) ?? .null),
      ("dtype", .string(descriptor.typeSpelling)),
      ("element_type", .string(descriptor.elementType.rawValue)),
      ("byte_order", .string(descriptor.byteOrder == .littleEndian ? "little" : "big")),
      ("shape", .array(descriptor.dimensions.map(JSONValue.integer))),
      ("rows", .integer(descriptor.rows)), ("columns", .integer(descriptor.columns)),
      ("count", .integer(statistics.count)),
      ("min", .optionalNumber(statistics.minimum)), ("max", .optionalNumber(statistics.maximum)),
      ("mean", .optionalNumber(statistics.mean)), ("nan", .integer(statistics.nanCount)),
      ("positive_infinity", .integer(statistics.positiveInfinityCount)),
      ("negative_infinity", .integer(statistics.negativeInfinityCount)),
    ])
  }

  static func table(_ descriptor: TensorDescriptor, _ statistics: TensorStatistics, path: String)
    -> String
  {
    let title = descriptor.name.map { "\(path) [\($0)]" } ?? path
    let order =
      descriptor.elementType.byteCount == 1
      ? "" : descriptor.byteOrder == .littleEndian ? ", little-endian" : ", big-endian"
    let number = { (value: Double?) in value.map(TextFormatting.readable) ?? "–" }
    var text = "\(title)\n"
    text += TextFormatting.table(
      [
        ["format", descriptor.formatDescription],
        ["dtype", "\(descriptor.typeSpelling) (\(descriptor.elementType.rawValue)\(order))"],
        ["shape", "[" + descriptor.dimensions.map(String.init).joined(separator: ", ") + "]"],
        ["rows × columns", "\(descriptor.rows) × \(descriptor.columns)"],
        ["count", String(statistics.count)],
        ["min", number(statistics.minimum)],
        ["max", number(statistics.maximum)],
        ["mean", number(statistics.mean)],
        ["NaN", String(statistics.nanCount)],
        ["+inf", String(statistics.positiveInfinityCount)],
        ["-inf", String(statistics.negativeInfinityCount)],
      ], leftAligned: 2)
    return text
  }
}
