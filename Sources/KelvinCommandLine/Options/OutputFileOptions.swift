import Kelvin

/// The element types `--output-dtype` accepts.
enum OutputDType: String, CaseIterable, Sendable {
  case f2, f4, f8

  /// The element type written.
  var elementType: ElementType {
    switch self {
    case .f2: return .float16
    case .f4: return .float32
    case .f8: return .float64
    }
  }
}

extension OptionDeclaration {
  /// `--format table|json`, which every command takes, or `table|json|jsonl` for a command
  /// that emits a stream.
  static func format(_ keyPath: WritableKeyPath<Options, OutputFormat>, streams: Bool = false)
    -> OptionDeclaration where Options: CommandOptions
  {
    .option(
      keyPath, "format", "format",
      help: streams
        ? "Output format: table (for people), json (one document) or jsonl (a JSON object per line as results come)."
        : "Output format: table (for people) or json.",
      .choice(streams ? OutputFormat.streams : OutputFormat.documents))
  }

  /// `--top N`: how many rows a table shows of a long vector.
  static func top(_ keyPath: WritableKeyPath<Options, Int>) -> OptionDeclaration
  where Options: CommandOptions {
    .option(
      keyPath, "top", "N",
      help:
        "Table: of a vector longer than N, show the N most probable entries (most probable first) and say how many are not shown; 0 shows all.",
      .integer(0...Int.max))
  }

  /// `--max-input-bytes N`: the most bytes read from standard input or a pipe.
  static func streamLimit(_ keyPath: WritableKeyPath<Options, Int>) -> OptionDeclaration
  where Options: CommandOptions {
    .option(
      keyPath, "max-input-bytes", "N",
      help:
        "The most bytes read from standard input or a pipe (any format; .npy and safetensors too), whose size is not known in advance.",
      .integer(Limits.streamBytes))
  }

  /// `--quiet`, which every long command takes.
  static func quiet(_ keyPath: WritableKeyPath<Options, Bool>) -> OptionDeclaration {
    .flag(
      keyPath, "quiet",
      help: "No progress line on stderr (progress is shown only when stderr is a terminal).")
  }

  /// `--output-dtype f2|f4|f8`.
  static func dtype(_ keyPath: WritableKeyPath<Options, OutputDType>, help: String)
    -> OptionDeclaration where Options: CommandOptions
  {
    .option(keyPath, "output-dtype", "dtype", help: help, .choice(OutputDType.self))
  }
}

extension ValueRule where Value == String {
  /// A file to write: not empty, and with an extension that names a format Kelvin writes.
  static let outputPath = ValueRule.nonEmpty("a file path").refined(
    "a file path ending in .npy, .safetensors, .json, .csv or .tsv",
    counterexamples: ["out.txt", "out"]
  ) { path in
    MatrixFileFormat(path: path) == nil ? "cannot tell the output format from the extension" : nil
  }

  /// An SVG file to write.
  static let svgPath = ValueRule.nonEmpty("a file path").refined(
    "a file path ending in .svg", counterexamples: ["plot.png", "plot"]
  ) { path in path.lowercased().hasSuffix(".svg") ? nil : "Kelvin writes SVG" }

  /// An HTML file to write.
  static let htmlPath = ValueRule.nonEmpty("a file path").refined(
    "a file path ending in .html", counterexamples: ["explorer.htm", "explorer"]
  ) { path in path.lowercased().hasSuffix(".html") ? nil : "Kelvin writes the page as HTML" }
}

extension OptionRelation {
  /// An option of the table format (`--top`) applies to it only.
  static func tableOnly(_ option: PartialKeyPath<Options>, _ format: KeyPath<Options, OutputFormat>)
    -> OptionRelation
  {
    .appliesOnly(option, when: "to the table format") { $0[keyPath: format] == .table }
  }

}
