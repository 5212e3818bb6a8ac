/// What a file holds: element type, byte order and dimensions, before any data is read.
public struct TensorDescriptor: Sendable, Equatable {
  /// The tensor's name (safetensors), or `nil`.
  public let name: String?
  /// The element type.
  public let elementType: ElementType
  /// The byte order of elements in the file.
  public let byteOrder: ByteOrder
  /// The dimensions as the file states them (`[rows, vocab]`, `[vocab]`, …).
  public let dimensions: [Int]
  /// The format and version, for people: `npy 1.0`, `safetensors`, `json`, `csv`.
  public let formatDescription: String
  /// The file's own spelling of the element type (`<f4`, `BF16`), for people.
  public let typeSpelling: String

  /// Creates a descriptor.
  ///
  /// Dimensions must already be validated (non-negative, product fits).
  public init(
    name: String?, elementType: ElementType, byteOrder: ByteOrder, dimensions: [Int],
    formatDescription: String, typeSpelling: String
  ) {
    self.name = name
    self.elementType = elementType
    self.byteOrder = byteOrder
    self.dimensions = dimensions
    self.formatDescription = formatDescription
    self.typeSpelling = typeSpelling
  }

  /// The number of elements, the product of the dimensions.
  public var elementCount: Int { dimensions.reduce(1, *) }

  /// The data viewed as a matrix: the last dimension is the row length (the vocabulary) and
  /// every leading dimension is flattened into rows, so `[vocab]` is one row and
  /// `[batch, sequence, vocab]` is `batch · sequence` rows.
  public var rows: Int { dimensions.isEmpty ? 1 : dimensions.dropLast().reduce(1, *) }

  /// The length of each row (the last dimension; 1 for a scalar).
  public var columns: Int { dimensions.last ?? 1 }

  /// Checks dimensions from a hostile header: non-negative, and the element count and byte
  /// count representable.
  ///
  /// - Returns: The total byte count.
  /// - Throws: ``KelvinIOError`` (malformed) naming the dimension or the overflow.
  static func validatedByteCount(
    dimensions: [Int], elementType: ElementType, path: String, what: String
  ) throws -> Int {
    var count = 1
    for (index, dimension) in dimensions.enumerated() {
      guard dimension >= 0 else {
        throw KelvinIOError.malformed(path, "\(what)dimension \(index) is negative (\(dimension))")
      }
      let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
      guard !overflow else {
        throw KelvinIOError.malformed(
          path, "\(what)shape \(dimensions) has more elements than can be addressed")
      }
      count = product
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: elementType.byteCount)
    guard !overflow else {
      throw KelvinIOError.malformed(
        path, "\(what)shape \(dimensions) has more bytes than can be addressed")
    }
    return bytes
  }
}
