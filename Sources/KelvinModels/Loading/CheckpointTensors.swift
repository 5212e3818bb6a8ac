import KelvinIO

/// The tensors of a `model.safetensors`, looked up by name and read as `Float`, with their
/// shapes checked against what the architecture expects.
///
/// Names are tried as written and without the `transformer.` prefix that newer saves add, so
/// checkpoints saved by older and newer transformers both load. f32, f16 and bf16 tensors are
/// read exactly (every f16 and bf16 value is a `Float`).
struct CheckpointTensors {
  let path: String
  private var sources: [String: any MatrixSource] = [:]

  /// The most memory the weights may take as `Float`s: 16 GiB (this machine has 24).
  static let maximumBytes = 16 << 30

  /// Opens the file and reads its header (the headers' checks are KelvinIO's), and checks
  /// that its floating-point tensors fit in `limit` bytes as `Float`s before any is read.
  ///
  /// - Throws: ``KelvinIOError`` for a missing, truncated or malformed file, or weights beyond
  ///   `limit`.
  init(path: String, limit: Int = maximumBytes) throws {
    self.path = path
    var bytes = 0
    for source in try MatrixFile.openAll(path, format: .safetensors) {
      if let name = source.descriptor.name { sources[name] = source }
      if source.descriptor.elementType.isFloatingPoint {
        bytes += source.descriptor.elementCount * MemoryLayout<Float>.size
      }
    }
    guard bytes <= limit else {
      throw KelvinIOError.malformed(
        path,
        "the weights need \(bytes) bytes as 32-bit floats, more than the limit of \(limit) bytes")
    }
  }

  /// The names in the file.
  var names: Set<String> { Set(sources.keys) }

  /// The tensor `name` (or `transformer.name`) as `Float`s, row after row.
  ///
  /// - Throws: ``KelvinIOError/malformed(_:_:)`` for a missing tensor, a shape other than
  ///   `shape`, or an element type that is not a floating-point one.
  func floats(_ name: String, shape: [Int]) throws -> [Float] {
    guard let source = sources[name] ?? sources["transformer." + name] else {
      throw KelvinIOError.malformed(path, "the tensor \(name) is missing")
    }
    let descriptor = source.descriptor
    guard descriptor.dimensions == shape else {
      throw KelvinIOError.malformed(
        path,
        "the tensor \(descriptor.name ?? name) has shape \(descriptor.dimensions), expected \(shape)"
      )
    }
    guard descriptor.elementType.isFloatingPoint else {
      throw KelvinIOError.malformed(
        path,
        "the tensor \(descriptor.name ?? name) is \(descriptor.typeSpelling), not a float type")
    }
    var values = [Float]()
    values.reserveCapacity(descriptor.elementCount)
    try source.forEachRow(as: Float.self) { _, row in values.append(contentsOf: row) }
    return values
  }
}
