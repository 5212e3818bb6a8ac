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
  /// `--format table|json`, which every command takes.
  static func format(_ keyPath: WritableKeyPath<Options, OutputFormat>) -> OptionDeclaration
  where Options: CommandOptions {
    .option(
      keyPath, "format", "format", help: "Output format: table (for people) or json.",
      .choice(OutputFormat.self))
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
}
