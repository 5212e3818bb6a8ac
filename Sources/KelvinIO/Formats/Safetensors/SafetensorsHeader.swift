/// The header of a safetensors file.
///
/// Layout (huggingface/safetensors): an unsigned 64-bit little-endian header length N, N bytes
/// of UTF-8 JSON — an object mapping tensor names to `{"dtype", "shape", "data_offsets"}`, plus
/// an optional `"__metadata__"` string-to-string map, which Kelvin checks and ignores — then
/// the data section. Offsets are `[begin, end)` relative to the start of the data section,
/// written as integers; the tensors cover the data section exactly (no hole, no overlap, no
/// trailing byte), as the reference implementation requires; tensors are little-endian and
/// C-contiguous. A key given twice anywhere in the header is an error.
struct SafetensorsHeader {
  /// Headers longer than this are refused before they are read (the reference implementation's
  /// limit is 100,000,000 bytes).
  static let maximumHeaderLength = 100_000_000

  static let typeCodes: [String: ElementType] = [
    "F16": .float16, "BF16": .bfloat16, "F32": .float32, "F64": .float64, "I8": .int8,
    "U8": .uint8, "I16": .int16, "U16": .uint16, "I32": .int32, "U32": .uint32, "I64": .int64,
    "U64": .uint64,
  ]

  /// One tensor's entry.
  struct Entry {
    let name: String
    let elementType: ElementType
    let typeSpelling: String
    let dimensions: [Int]
    let begin: Int
    let end: Int
  }

  /// The tensors in file order.
  let entries: [Entry]
  /// The offset of the data section.
  let dataOffset: Int

  /// Reads and validates the header: sizes, JSON, dtypes, shapes, and offsets that stay inside
  /// the data section, match their shapes and do not overlap.
  ///
  /// - Throws: ``KelvinIOError`` (malformed).
  static func read(from file: InputFile) throws -> SafetensorsHeader {
    let path = file.path
    guard file.size > 0 else { throw KelvinIOError.malformed(path, "the file is empty") }
    guard file.size >= 8 else {
      throw KelvinIOError.malformed(
        path, "too short for safetensors (\(file.size) bytes; the header length alone is 8)")
    }
    let lengthBytes = try file.bytes(at: 0, count: 8)
    let length = lengthBytes.enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * UInt64($1.offset))
    }
    guard length > 0 else { throw KelvinIOError.malformed(path, "header length is 0") }
    guard length <= UInt64(file.size - 8) else {
      throw KelvinIOError.malformed(
        path, "header length \(length) runs past the end of the file (\(file.size) bytes)")
    }
    guard length <= UInt64(maximumHeaderLength) else {
      throw KelvinIOError.malformed(
        path, "header length \(length) exceeds the limit of \(maximumHeaderLength) bytes")
    }
    let headerBytes = try file.bytes(at: 8, count: Int(length))
    guard headerBytes.first == UInt8(ascii: "{") else {
      throw KelvinIOError.malformed(path, "the header is not a JSON object")
    }
    let root: JSONNode
    do {
      root = try JSONParser.parse(headerBytes, compactsNumbers: false)
    } catch let error as JSONParser.SyntaxError {
      throw KelvinIOError.malformed(path, "header: \(error)")
    }
    guard case .object(let members) = root else {
      throw KelvinIOError.malformed(path, "the header is not a JSON object")
    }
    let dataOffset = 8 + Int(length)
    let dataSize = file.size - dataOffset
    var entries: [Entry] = []
    var names = Set<String>()
    for (name, node) in members where name == "__metadata__" {
      guard case .object(let pairs) = node,
        pairs.allSatisfy({ if case .string = $0.1 { true } else { false } })
      else {
        throw KelvinIOError.malformed(
          path, "'__metadata__' must map strings to strings, found \(node.kindName)")
      }
    }
    for (name, node) in members where name != "__metadata__" {
      guard names.insert(name).inserted else {
        throw KelvinIOError.malformed(path, "tensor '\(name)' appears twice in the header")
      }
      entries.append(try entry(name, node, dataSize: dataSize, path: path))
    }
    let ordered = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
    for (previous, next) in zip(ordered, ordered.dropFirst()) {
      if next.begin < previous.end {
        throw KelvinIOError.malformed(
          path, "tensors '\(previous.name)' and '\(next.name)' overlap in the data section")
      }
      if next.begin > previous.end {
        throw KelvinIOError.malformed(
          path,
          "the data section has a hole: bytes \(previous.end)..<\(next.begin) belong to no tensor")
      }
    }
    if let first = ordered.first, first.begin > 0 {
      throw KelvinIOError.malformed(
        path, "the data section has a hole: bytes 0..<\(first.begin) belong to no tensor")
    }
    let covered = ordered.last?.end ?? 0
    guard covered == dataSize else {
      throw KelvinIOError.malformed(
        path,
        "the data section holds \(dataSize) bytes but the tensors cover \(covered) (trailing bytes)"
      )
    }
    return SafetensorsHeader(entries: entries, dataOffset: dataOffset)
  }

  static func entry(_ name: String, _ node: JSONNode, dataSize: Int, path: String) throws -> Entry {
    let what = "tensor '\(name)': "
    guard case .object = node else {
      throw KelvinIOError.malformed(path, "\(what)entry is \(node.kindName), not an object")
    }
    guard case .string(let spelling) = node["dtype"] else {
      throw KelvinIOError.malformed(path, "\(what)'dtype' is missing or not a string")
    }
    guard let elementType = typeCodes[spelling] else {
      throw KelvinIOError.malformed(
        path,
        "\(what)unsupported dtype '\(spelling)' (supported: F16, BF16, F32, F64, I8…I64, U8…U64)")
    }
    guard let shapeNodes = node["shape"]?.elements else {
      throw KelvinIOError.malformed(path, "\(what)'shape' is missing or not an array")
    }
    var dimensions: [Int] = []
    for dimension in shapeNodes {
      guard let value = dimension.exactNonNegativeInteger else {
        throw KelvinIOError.malformed(path, "\(what)shape holds a value that is not a size")
      }
      dimensions.append(value)
    }
    guard let offsets = node["data_offsets"]?.elements, offsets.count == 2,
      let begin = offsets[0].exactNonNegativeInteger, let end = offsets[1].exactNonNegativeInteger
    else {
      throw KelvinIOError.malformed(path, "\(what)'data_offsets' must be two non-negative integers")
    }
    guard begin <= end else {
      throw KelvinIOError.malformed(path, "\(what)data_offsets [\(begin), \(end)] are reversed")
    }
    guard end <= dataSize else {
      throw KelvinIOError.malformed(
        path,
        "\(what)data_offsets [\(begin), \(end)] pass the end of the data section (\(dataSize) bytes)"
      )
    }
    let byteCount = try TensorDescriptor.validatedByteCount(
      dimensions: dimensions, elementType: elementType, path: path, what: what)
    guard end - begin == byteCount else {
      throw KelvinIOError.malformed(
        path,
        "\(what)shape \(dimensions) of \(spelling) needs \(byteCount) bytes, data_offsets span \(end - begin)"
      )
    }
    return Entry(
      name: name, elementType: elementType, typeSpelling: spelling, dimensions: dimensions,
      begin: begin, end: end)
  }

  /// The header bytes for one tensor of `dimensions` written right after the header, padded
  /// with spaces to a multiple of 8 bytes as the reference writer does.
  static func serialized(name: String, elementType: ElementType, dimensions: [Int]) -> [UInt8] {
    let code = typeCodes.first { $0.value == elementType }?.key ?? "F32"
    let byteCount = dimensions.reduce(1, *) * elementType.byteCount
    var nameText = ""
    JSONStringEscaping.write(name, to: &nameText)
    let shape = dimensions.map(String.init).joined(separator: ",")
    var json =
      "{\(nameText):{\"dtype\":\"\(code)\",\"shape\":[\(shape)],\"data_offsets\":[0,\(byteCount)]}}"
    while json.utf8.count % 8 != 0 { json += " " }
    let length = UInt64(json.utf8.count)
    return (0..<8).map { UInt8((length >> (8 * UInt64($0))) & 0xFF) } + Array(json.utf8)
  }
}
