import Kelvin

/// A vector read from the command line or from one row of a file, with a name for messages.
public struct InputVector: Sendable {
  /// The values.
  public let values: [Double]
  /// Where they came from, for error messages: `--logits` or `logits.npy row 3`.
  public let origin: String

  /// Runs a computation on the values, turning a `KelvinError` into a data error (exit 65)
  /// that names the origin: `logits.npy row 3: logits[17] is nan: …`.
  public func compute<Result>(_ body: ([Double]) throws -> Result) throws -> Result {
    do {
      return try body(values)
    } catch let error as KelvinError {
      throw CommandError.data("\(origin): \(error)")
    }
  }
}

/// Where a command's vector comes from.
///
/// Inline (`--logits 2,1,0.5`) or a file (`--input FILE`
/// with `--row`, `--tensor` and `--input-format`). Every command that takes a vector declares
/// ``options(_:_:help:)`` and reads it with ``vector(_:from:)``.
public enum VectorInput {
  /// The vector option and the file options.
  ///
  /// - Parameters:
  ///   - flag: The inline option (`logits`, `energies`).
  ///   - valueName: Its placeholder (`L`).
  ///   - help: Its help.
  ///   - defaultValue: The inline value used when neither option is given, if any.
  public static func options(
    _ flag: String, _ valueName: String, help: String, default defaultValue: String? = nil
  ) -> [OptionSpec] {
    [.value(flag, valueName, help: help + " Or give --input.", default: defaultValue)]
      + fileOptions
  }

  /// `--input`, `--input-format`, `--row` and `--tensor`.
  public static let fileOptions: [OptionSpec] = [
    .value(
      "input", "FILE",
      help:
        "Read from a file: .npy, .safetensors, .json, .csv or .tsv; - reads JSON or CSV from stdin."
    ),
    .value(
      "input-format", "format",
      help: "The input's format: npy, safetensors, json or csv (default: from the extension)."),
    .value(
      "row", "K", help: "The row of a matrix input to use, from 0 (default: the only row)."),
    .value("tensor", "NAME", help: "The tensor of a safetensors input (default: the only one)."),
  ]

  /// Reads the vector from `--FLAG` or from `--input`.
  ///
  /// - Throws: ``CommandError``: 64 when neither or both are given or `--row` is out of range,
  ///   and the file errors of ``matrix(from:)``.
  public static func vector(_ flag: String, from arguments: ParsedArguments) throws -> InputVector {
    if arguments.isGiven(flag) {
      guard !arguments.isGiven("input") else {
        throw CommandError.usage("give either --\(flag) or --input, not both")
      }
      for option in ["input-format", "row", "tensor"] where arguments.isGiven(option) {
        throw CommandError.usage("--\(option) applies to --input files, not to --\(flag)")
      }
      return InputVector(
        values: try ValueParsing.numberList(arguments.required(flag), flag: flag),
        origin: "--\(flag)")
    }
    guard arguments.isGiven("input") else {
      if let text = arguments.value(flag) {  // a declared default, as in `kelvin sketch`
        return InputVector(
          values: try ValueParsing.numberList(text, flag: flag), origin: "--\(flag)")
      }
      throw CommandError.usage("missing input: give --\(flag) <values> or --input <FILE>")
    }
    let source = try matrix(from: arguments)
    let index = try row(of: source, from: arguments)
    let values = try withFileErrors { try source.row(index) }
    return InputVector(values: values, origin: "\(source.path) row \(index)")
  }

  /// Opens `--input` as a matrix.
  ///
  /// - Throws: ``CommandError``: 64 for a malformed `--input-format` or a file option without
  ///   `--input`; 66 for a missing file; 65 for a malformed one.
  public static func matrix(from arguments: ParsedArguments) throws -> any MatrixSource {
    guard let path = arguments.value("input") else {
      throw CommandError.usage("missing required option '--input <FILE>'")
    }
    let format: MatrixFileFormat? =
      try arguments.value("input-format").map { try ValueParsing.choice($0, flag: "input-format") }
    return try withFileErrors {
      try MatrixFile.open(path, format: format, tensor: arguments.value("tensor"))
    }
  }

  /// The row chosen by `--row`, or the only row.
  ///
  /// - Throws: ``CommandError`` (64) when `--row` is malformed or out of range, or the matrix
  ///   has several rows and none was chosen.
  public static func row(of source: any MatrixSource, from arguments: ParsedArguments) throws
    -> Int
  {
    let rows = source.rows
    guard let text = arguments.value("row") else {
      guard rows == 1 else {
        throw CommandError.usage(
          "\(source.path) holds \(rows) rows; choose one with --row K (0…\(max(0, rows - 1)))")
      }
      return 0
    }
    guard let index = Int(text.trimmingWhitespace()) else {
      throw CommandError.usage("--row: expected a whole number, got '\(text)'")
    }
    guard index >= 0, index < rows else {
      throw CommandError.usage(
        "--row \(index) is out of range: \(source.path) holds \(rows) rows (0…\(max(0, rows - 1)))")
    }
    return index
  }

  /// Runs file work, turning ``KelvinIOError`` into the matching ``CommandError``.
  public static func withFileErrors<Result>(_ body: () throws -> Result) throws -> Result {
    do {
      return try body()
    } catch let error as KelvinIOError {
      throw CommandError(error)
    }
  }
}

extension CommandError {
  /// The CLI form of a file error: 66 for a missing input, 65 for a malformed file, 74 for I/O.
  public init(_ error: KelvinIOError) {
    switch error.kind {
    case .missingInput: self.init(.noInput, error.description)
    case .malformed: self.init(.dataError, error.description)
    case .io: self.init(.ioError, error.description)
    }
  }
}
