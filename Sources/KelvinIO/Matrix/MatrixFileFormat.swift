/// The file formats Kelvin reads and writes.
public enum MatrixFileFormat: String, Sendable, CaseIterable, Equatable {
  /// NumPy `.npy`.
  case npy
  /// Hugging Face safetensors.
  case safetensors
  /// JSON: an array, an array of arrays, or `{"logits": …}`.
  case json
  /// Comma- or tab-separated values, one vector per line.
  case csv

  /// The format a path's extension names: `.npy`, `.safetensors`, `.json`, `.csv` or `.tsv`
  /// (any case); `nil` for anything else.
  public init?(path: String) {
    guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
    switch path[path.index(after: dot)...].lowercased() {
    case "npy": self = .npy
    case "safetensors": self = .safetensors
    case "json": self = .json
    case "csv", "tsv": self = .csv
    default: return nil
    }
  }

  /// Guesses JSON or CSV from the first non-blank byte of text (`[` or `{` is JSON).
  static func sniffText(_ bytes: [UInt8]) -> MatrixFileFormat {
    let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    return first == UInt8(ascii: "[") || first == UInt8(ascii: "{") ? .json : .csv
  }
}

/// Opening any supported file as a ``MatrixSource``.
public enum MatrixFile {
  /// Opens a file of numbers.
  ///
  /// - Parameters:
  ///   - path: The file, or `-` for standard input (JSON or CSV, told apart by the first
  ///     character unless `format` says).
  ///   - format: The format, or `nil` to take it from the extension.
  ///   - tensor: For safetensors, the tensor's name; `nil` picks the only tensor.
  /// - Throws: ``KelvinIOError``: `.missingInput` (no such file), `.malformed` (bad contents,
  ///   an unknown extension, a tensor name that does not exist), `.io`.
  public static func open(_ path: String, format: MatrixFileFormat? = nil, tensor: String? = nil)
    throws -> any MatrixSource
  {
    if path == "-" {
      if let format, format == .npy || format == .safetensors {
        throw KelvinIOError.malformed(
          path, "standard input can carry JSON or CSV, not \(format.rawValue)")
      }
      let bytes = try InputFile.standardInput()
      switch format ?? MatrixFileFormat.sniffText(bytes) {
      case .json: return try JSONMatrixFormat.parse(bytes, path: path)
      default: return try CSVMatrixFormat.parse(bytes, path: path)
      }
    }
    guard let format = format ?? MatrixFileFormat(path: path) else {
      throw KelvinIOError.malformed(
        path,
        "cannot tell the format from the extension; use .npy, .safetensors, .json, .csv or .tsv, or name the format"
      )
    }
    if tensor != nil && format != .safetensors {
      throw KelvinIOError.malformed(path, "a tensor name applies to safetensors files only")
    }
    switch format {
    case .npy: return try NpyFormat.open(path)
    case .safetensors: return try SafetensorsFormat.open(path, tensor: tensor)
    case .json: return try JSONMatrixFormat.open(path)
    case .csv: return try CSVMatrixFormat.open(path)
    }
  }

  /// Every tensor of a file as a source: one for `.npy`, JSON and CSV, all of them (from one
  /// reading of the header) for safetensors.
  ///
  /// - Throws: ``KelvinIOError``.
  public static func openAll(_ path: String, format: MatrixFileFormat? = nil) throws
    -> [any MatrixSource]
  {
    let resolved = path == "-" ? format : (format ?? MatrixFileFormat(path: path))
    if resolved == .safetensors { return try SafetensorsFormat.openAll(path) }
    return [try open(path, format: format)]
  }

  /// The descriptors of every tensor in a file: one for `.npy`, JSON and CSV, all of them for
  /// safetensors.
  ///
  /// - Throws: ``KelvinIOError``.
  public static func tensors(in path: String, format: MatrixFileFormat? = nil) throws
    -> [TensorDescriptor]
  {
    let resolved = path == "-" ? format : (format ?? MatrixFileFormat(path: path))
    if resolved == .safetensors { return try SafetensorsFormat.tensors(in: path) }
    return [try open(path, format: format).descriptor]
  }
}
