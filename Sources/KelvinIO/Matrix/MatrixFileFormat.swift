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

  /// The format of bytes read without a name to go by: `.npy` by its magic bytes,
  /// safetensors by its header (a length, then `{`), else JSON when the first non-blank byte
  /// is `[` or `{`, else CSV.
  static func sniff(_ file: InputFile) -> MatrixFileFormat {
    let start: [UInt8]
    do {
      start = try file.bytes(at: 0, count: min(file.size, 16))
    } catch {
      return .csv  // unreadable: the CSV reader reports the problem
    }
    if start.starts(with: [0x93] + Array("NUMPY".utf8)) { return .npy }
    if start.count > 8, start[8] == UInt8(ascii: "{"), start[4..<8].allSatisfy({ $0 == 0 }) {
      return .safetensors
    }
    let first = start.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
    return first == UInt8(ascii: "[") || first == UInt8(ascii: "{") ? .json : .csv
  }
}

/// Opening any supported file as a ``MatrixSource``.
public enum MatrixFile {
  /// Opens a file of numbers.
  ///
  /// - Parameters:
  ///   - path: The file, or `-` for standard input; a stream (`-`, `/dev/stdin`, a pipe) is
  ///     read into memory up to `streamLimit` bytes, and its format is told from its bytes
  ///     unless `format` says.
  ///   - format: The format, or `nil` to take it from the extension.
  ///   - tensor: For safetensors, the tensor's name; `nil` picks the only tensor.
  ///   - streamLimit: The most bytes read from a stream.
  /// - Throws: ``KelvinIOError``: `.missingInput` (no such file), `.malformed` (bad contents,
  ///   an unknown extension, a tensor name that does not exist, a stream over the limit), `.io`.
  public static func open(
    _ path: String, format: MatrixFileFormat? = nil, tensor: String? = nil,
    streamLimit: Int = InputFile.defaultStreamLimit
  ) throws -> any MatrixSource {
    let (file, format) = try resolve(path, format: format, streamLimit: streamLimit)
    if tensor != nil && format != .safetensors {
      throw KelvinIOError.malformed(path, "a tensor name applies to safetensors files only")
    }
    switch format {
    case .npy: return try NpyFormat.open(file)
    case .safetensors: return try SafetensorsFormat.open(file, tensor: tensor)
    case .json: return try JSONMatrixFormat.open(file)
    case .csv: return try CSVMatrixFormat.open(file)
    }
  }

  /// The file and its format: the one named, else the extension's, else (for a stream or a
  /// name without one) what the bytes show.
  static func resolve(_ path: String, format: MatrixFileFormat?, streamLimit: Int) throws
    -> (InputFile, MatrixFileFormat)
  {
    let named = format ?? (path == "-" ? nil : MatrixFileFormat(path: path))
    // A stream, or a name with no extension at all (`/dev/stdin` redirected from a file), is
    // told by its bytes; an extension Kelvin does not know is a mistake worth naming before
    // anything is opened.
    let name = path.split(separator: "/").last ?? ""
    if named == nil, path != "-", name.contains(".") {
      throw KelvinIOError.malformed(
        path,
        "cannot tell the format from the extension; use .npy, .safetensors, .json, .csv or .tsv, or name the format"
      )
    }
    let file = try InputFile(path: path, streamLimit: streamLimit)
    if let named { return (file, named) }
    return (file, MatrixFileFormat.sniff(file))
  }

  /// Every tensor of a file as a source: one for `.npy`, JSON and CSV, all of them (from one
  /// reading of the header) for safetensors.
  ///
  /// - Throws: ``KelvinIOError``.
  public static func openAll(
    _ path: String, format: MatrixFileFormat? = nil, streamLimit: Int = InputFile.defaultStreamLimit
  ) throws -> [any MatrixSource] {
    let (file, resolved) = try resolve(path, format: format, streamLimit: streamLimit)
    switch resolved {
    case .safetensors: return try SafetensorsFormat.openAll(file)
    case .npy: return [try NpyFormat.open(file)]
    case .json: return [try JSONMatrixFormat.open(file)]
    case .csv: return [try CSVMatrixFormat.open(file)]
    }
  }

  /// The descriptors of every tensor in a file: one for `.npy`, JSON and CSV, all of them for
  /// safetensors.
  ///
  /// - Throws: ``KelvinIOError``.
  public static func tensors(in path: String, format: MatrixFileFormat? = nil) throws
    -> [TensorDescriptor]
  {
    try openAll(path, format: format).map(\.descriptor)
  }
}
