/// The header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0).
///
/// Layout (numpy.lib.format): the magic `\x93NUMPY`, a major and a minor version byte, the
/// header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then the header: a
/// Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (8, 4), }` in Latin-1
/// (1.0, 2.0) or UTF-8 (3.0), padded with spaces and a newline. The data follows.
struct NpyHeader: Equatable {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY
  /// Headers longer than this are refused before they are read (numpy itself refuses more than
  /// 10,000 bytes by default).
  static let maximumHeaderLength = 1 << 20

  var version: (major: UInt8, minor: UInt8)
  var elementType: ElementType
  var byteOrder: ByteOrder
  var typeSpelling: String
  var fortranOrder: Bool
  var dimensions: [Int]
  /// The offset of the first data byte.
  var dataOffset: Int

  static func == (lhs: NpyHeader, rhs: NpyHeader) -> Bool {
    lhs.version == rhs.version && lhs.elementType == rhs.elementType
      && lhs.byteOrder == rhs.byteOrder && lhs.fortranOrder == rhs.fortranOrder
      && lhs.dimensions == rhs.dimensions && lhs.dataOffset == rhs.dataOffset
  }

  /// Reads and validates the header of `file`, and checks that the data has exactly the size
  /// the header states.
  ///
  /// - Throws: ``KelvinIOError`` (malformed) naming the problem.
  static func read(from file: InputFile) throws -> NpyHeader {
    let path = file.path
    guard file.size > 0 else { throw KelvinIOError.malformed(path, "the file is empty") }
    guard file.size >= 10 else {
      throw KelvinIOError.malformed(
        path, "too short for a .npy file (\(file.size) bytes; the preamble alone is 10)")
    }
    let preamble = try file.bytes(at: 0, count: 10)
    guard Array(preamble[0..<6]) == magic else {
      throw KelvinIOError.malformed(path, "not a .npy file: the magic bytes \\x93NUMPY are missing")
    }
    let major = preamble[6]
    let minor = preamble[7]
    let lengthStart: Int
    let prefixLength: Int
    switch (major, minor) {
    case (1, 0):
      lengthStart = 8
      prefixLength = 10
    case (2, 0), (3, 0):
      lengthStart = 8
      prefixLength = 12
    default:
      throw KelvinIOError.malformed(path, "unsupported .npy format version \(major).\(minor)")
    }
    let lengthBytes = try file.bytes(at: lengthStart, count: prefixLength - lengthStart)
    let headerLength = lengthBytes.enumerated().reduce(0) {
      $0 | Int($1.element) << (8 * $1.offset)
    }
    guard headerLength <= file.size - prefixLength else {
      throw KelvinIOError.malformed(
        path,
        "header length \(headerLength) runs past the end of the file (\(file.size) bytes)")
    }
    guard headerLength <= maximumHeaderLength else {
      throw KelvinIOError.malformed(
        path, "header length \(headerLength) exceeds the limit of \(maximumHeaderLength) bytes")
    }
    let headerBytes = try file.bytes(at: prefixLength, count: headerLength)
    let text: String
    if major == 3 {
      guard let decoded = String(validating: headerBytes, as: UTF8.self) else {
        throw KelvinIOError.malformed(path, "the header is not valid UTF-8")
      }
      text = decoded
    } else {
      // Latin-1: every byte is one scalar; anything unusual fails in the parser below.
      text = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
    }
    var header = try parseDictionary(text, path: path)
    header.version = (major, minor)
    header.dataOffset = prefixLength + headerLength
    let byteCount = try TensorDescriptor.validatedByteCount(
      dimensions: header.dimensions, elementType: header.elementType, path: path, what: "")
    let available = file.size - header.dataOffset
    if available < byteCount {
      throw KelvinIOError.malformed(
        path,
        "data is truncated: shape \(header.dimensions) needs \(byteCount) bytes, the file has \(available)"
      )
    }
    if available > byteCount {
      throw KelvinIOError.malformed(
        path,
        "\(available - byteCount) bytes follow the data that shape \(header.dimensions) describes")
    }
    return header
  }

  static func parseDictionary(_ text: String, path: String) throws -> NpyHeader {
    let literal: PythonLiteral
    do {
      literal = try PythonLiteral.parse(text)
    } catch {
      throw KelvinIOError.malformed(path, "malformed header: \(error.message)")
    }
    guard case .dictionary(let members) = literal else {
      throw KelvinIOError.malformed(path, "malformed header: not a dictionary")
    }
    var descr: PythonLiteral?
    var fortran: PythonLiteral?
    var shape: PythonLiteral?
    for (key, value) in members {
      switch key {
      case "descr": descr = value
      case "fortran_order": fortran = value
      case "shape": shape = value
      default: throw KelvinIOError.malformed(path, "unexpected key '\(key)' in the header")
      }
    }
    guard let descr else { throw KelvinIOError.malformed(path, "the header has no 'descr'") }
    guard case .boolean(let fortranOrder) = fortran else {
      throw KelvinIOError.malformed(
        path, "the header's 'fortran_order' is missing or not a boolean")
    }
    guard case .tuple(let shapeElements) = shape else {
      throw KelvinIOError.malformed(path, "the header's 'shape' is missing or not a tuple")
    }
    var dimensions: [Int] = []
    for element in shapeElements {
      guard case .integer(let dimension) = element else {
        throw KelvinIOError.malformed(path, "the header's 'shape' holds a non-integer")
      }
      guard dimension >= 0 else {
        throw KelvinIOError.malformed(
          path, "the header's shape has a negative dimension (\(dimension))")
      }
      dimensions.append(dimension)
    }
    guard case .string(let spelling) = descr else {
      throw KelvinIOError.malformed(
        path, "structured dtypes are not supported; the array must hold plain numbers")
    }
    let (elementType, byteOrder) = try parseType(spelling, path: path)
    if fortranOrder && dimensions.filter({ $0 > 1 }).count > 1 {
      throw KelvinIOError.malformed(
        path,
        "fortran_order (column-major) arrays are not supported; save with np.ascontiguousarray")
    }
    return NpyHeader(
      version: (1, 0), elementType: elementType, byteOrder: byteOrder, typeSpelling: spelling,
      fortranOrder: fortranOrder, dimensions: dimensions, dataOffset: 0)
  }

  static let typeCodes: [String: ElementType] = [
    "f2": .float16, "f4": .float32, "f8": .float64, "i1": .int8, "u1": .uint8, "i2": .int16,
    "u2": .uint16, "i4": .int32, "u4": .uint32, "i8": .int64, "u8": .uint64,
  ]

  /// `<f4`, `>f8`, `|u1`, `=i4` → element type and byte order.
  static func parseType(_ spelling: String, path: String) throws -> (ElementType, ByteOrder) {
    guard let first = spelling.first, let type = typeCodes[String(spelling.dropFirst())] else {
      throw KelvinIOError.malformed(
        path,
        "unsupported dtype '\(spelling)' (supported: f2, f4, f8, i1, i2, i4, i8, u1, u2, u4, u8)")
    }
    switch first {
    case "<", "=": return (type, .littleEndian)
    case ">": return (type, .bigEndian)
    case "|":
      guard type.byteCount == 1 else {
        throw KelvinIOError.malformed(path, "dtype '\(spelling)' needs a byte order, not '|'")
      }
      return (type, .littleEndian)
    default:
      throw KelvinIOError.malformed(path, "unsupported dtype '\(spelling)'")
    }
  }

  /// The header bytes of a version 1.0 file (2.0 when the dictionary is too long), padded so
  /// that the data starts at a multiple of 64 bytes, as numpy writes them.
  static func serialized(elementType: ElementType, dimensions: [Int]) -> [UInt8] {
    let code = typeCodes.first { $0.value == elementType }?.key ?? "f4"
    let order = elementType.byteCount == 1 ? "|" : "<"
    let shape =
      dimensions.count == 1
      ? "(\(dimensions[0]),)" : "(" + dimensions.map(String.init).joined(separator: ", ") + ")"
    let dictionary = "{'descr': '\(order)\(code)', 'fortran_order': False, 'shape': \(shape), }"
    var prefixLength = 10
    var padded = dictionary + " "
    func totalLength() -> Int { prefixLength + padded.utf8.count + 1 }
    if dictionary.utf8.count + 64 > 65535 { prefixLength = 12 }
    while totalLength() % 64 != 0 { padded += " " }
    let header = Array((padded + "\n").utf8)
    var bytes = magic + [prefixLength == 10 ? 1 : 2, 0]
    if prefixLength == 10 {
      bytes += [UInt8(header.count & 0xFF), UInt8(header.count >> 8)]
    } else {
      bytes += (0..<4).map { UInt8((header.count >> (8 * $0)) & 0xFF) }
    }
    return bytes + header
  }
}
