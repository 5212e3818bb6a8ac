import Kelvin

/// `--input FILE` with `--input-format`, `--row` and `--tensor`: a vector or a matrix from a
/// file, shared by every command that reads logits.
struct InputOptions: CommandOptions {
  var path: String?
  var format: MatrixFileFormat?
  var row: Int?
  var tensor: String?
  var streamLimit = InputFile.defaultStreamLimit

  /// `--input-format`: the formats by name; `tsv` reads as CSV (tabs are separators).
  static let formatRule = ValueRule<MatrixFileFormat>.choice([
    ("npy", .npy), ("safetensors", .safetensors), ("json", .json), ("csv", .csv), ("tsv", .csv),
  ])

  static var declarations: [OptionDeclaration<InputOptions>] {
    [
      .option(
        \.path, "input", "FILE",
        help:
          "Read from a file: .npy, .safetensors, .json, .csv or .tsv; - (or a pipe) reads any of them from stdin, the format told from the bytes.",
        .nonEmpty("a file path"), path: true),
      .option(
        \.format, "input-format", "format", help: "The input's format.", formatRule,
        default: "from the extension"),
      .option(
        \.row, "row", "K", help: "The row of a matrix input to use, from 0.",
        .integer(0...Int.max), default: "the only row"),
      .option(
        \.tensor, "tensor", "NAME", help: "The tensor of a safetensors input.",
        .nonEmpty("a tensor name"), default: "the only one"),
      .streamLimit(\.streamLimit),
    ]
  }

  /// The group's declarations inside a command's options.
  static func declarations<Outer>(at path: WritableKeyPath<Outer, InputOptions>)
    -> [OptionDeclaration<Outer>]
  {
    declarations.map { $0.embedded(at: path) }
  }

  /// `--input-format`, `--row` and `--tensor` apply only with `--input`.
  static func relations<Outer: CommandOptions>(at path: WritableKeyPath<Outer, InputOptions>)
    -> [OptionRelation<Outer>]
  {
    [
      path.appending(path: \.format), path.appending(path: \.row),
      path.appending(path: \.tensor), path.appending(path: \.streamLimit),
    ]
    .map { .requires($0, path.appending(path: \.path)) }
  }

  /// Opens the file.
  ///
  /// - Throws: ``KelvinIOError``: missing (66), malformed (65), I/O (74).
  func open() throws -> any MatrixSource {
    guard let path else { throw CommandError.usage("missing required option '--input <FILE>'") }
    return try MatrixFile.open(path, format: format, tensor: tensor, streamLimit: streamLimit)
  }

  /// The row chosen by `--row`, or the only row.
  ///
  /// - Throws: ``CommandError`` (64) when `--row` is out of range, or the file has several
  ///   rows and none was chosen.
  func chosenRow(of source: any MatrixSource) throws -> Int {
    let rows = source.rows
    guard let row else {
      guard rows == 1 else {
        throw CommandError.usage(
          "\(source.path) holds \(rows) rows; choose one with --row K (0…\(max(0, rows - 1)))",
          flag: "--row")
      }
      return 0
    }
    guard row < rows else {
      throw CommandError.usage(
        "--row \(row) is out of range: \(source.path) holds \(rows) rows (0…\(max(0, rows - 1)))",
        flag: "--row")
    }
    return row
  }

  /// One vector: the inline values when given, else the chosen row of the file.
  ///
  /// - Parameters:
  ///   - inline: The values of the inline option, if given.
  ///   - flag: The inline option (`--logits`), for messages.
  /// - Throws: File errors, and ``CommandError`` (64) when neither is given.
  func vector(inline: [Double]?, flag: String) throws -> InputVector {
    if let inline { return InputVector(values: inline, origin: flag) }
    guard path != nil else {
      throw CommandError.usage("missing input: give \(flag) <values> or --input <FILE>")
    }
    let source = try open()
    let index = try chosenRow(of: source)
    return InputVector(values: try source.row(index), origin: "\(source.path) row \(index)")
  }
}

/// A vector given inline (`--logits 2,1,0.5`) or as a row of a file (`--input FILE --row K`).
struct VectorOptions {
  var values: [Double]?
  var file = InputOptions()

  /// The inline option and the file options, embedded at `path`.
  ///
  /// - Parameters:
  ///   - flag: The inline option's name (`logits`, `energies`).
  ///   - valueName: Its placeholder.
  ///   - help: Its help.
  ///   - defaultText: What absence of both means, if anything.
  static func declarations<Outer>(
    at path: WritableKeyPath<Outer, VectorOptions>, _ flag: String, _ valueName: String,
    help: String, default defaultText: String? = nil
  ) -> [OptionDeclaration<Outer>] {
    [
      OptionDeclaration<VectorOptions>.option(
        \.values, flag, valueName, help: help, .vector, default: defaultText
      ).embedded(at: path)
    ] + InputOptions.declarations(at: path.appending(path: \.file))
  }

  /// The inline option or `--input`, and the file options only with `--input`.
  static func relations<Outer: CommandOptions>(at path: WritableKeyPath<Outer, VectorOptions>)
    -> [OptionRelation<Outer>]
  {
    [.excludes(path.appending(path: \.values), path.appending(path: \.file.path))]
      + InputOptions.relations(at: path.appending(path: \.file))
  }

  /// The vector, or `fallback` when neither the inline option nor a file is given.
  func vector(flag: String, fallback: [Double]? = nil) throws -> InputVector {
    try file.vector(inline: values ?? (file.path == nil ? fallback : nil), flag: flag)
  }
}

/// A vector read from the command line or from one row of a file, with a name for messages.
struct InputVector {
  /// The values.
  let values: [Double]
  /// Where they came from, for error messages: `--logits` or `logits.npy row 3`.
  let origin: String

  /// Runs a computation on the values, turning a library error about them into a data error
  /// (exit 65) that names the origin: `logits.npy row 3: logits[17] is nan: …`.
  func compute<Result>(_ body: ([Double]) throws -> Result) throws -> Result {
    do {
      return try body(values)
    } catch let error as KelvinError {
      throw CommandError.data("\(origin): \(error)")
    } catch let error as SamplingError {
      throw CommandError.data("\(origin): \(error)")
    }
  }
}

extension ValueRule where Value == [Double] {
  /// An inline vector: comma-separated numbers such as `2,1,0.5,-inf`.
  ///
  /// At most a vocabulary long. NaN and infinities are read as given; whether they are allowed is the data's business
  /// (a NaN logit is a data error, exit 65).
  static let vector = ValueRule.list(of: .anyNumber, count: 1...Limits.vocabulary.upperBound)
}
