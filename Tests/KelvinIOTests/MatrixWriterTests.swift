import Foundation
import KelvinIO
import Testing

@Suite("writing matrices")
struct MatrixWriterTests {
  static let rows: [[Double]] = [
    [1.5, -2.25, 0.1, -.infinity],
    [0, 1e-3, 65504, .nan],
  ]

  static func write(_ path: String, type: ElementType, dimensions: [Int] = [2, 4]) throws {
    let writer = try MatrixWriter(path: path, dimensions: dimensions, elementType: type)
    for row in rows { try writer.append(row) }
    try writer.commit()
  }

  /// `value` rounded to `type`, the value a reader must get back.
  static func rounded(_ value: Double, _ type: ElementType) -> Double {
    switch type {
    case .float16: return Double(HalfPrecision.float(fromHalf: HalfPrecision.halfBits(from: value)))
    case .float32: return Double(Float(value))
    default: return value
    }
  }

  @Test(
    "every format and float type round-trips the values rounded to the type",
    arguments: [
      ("out.npy", ElementType.float16), ("out.npy", .float32), ("out.npy", .float64),
      ("out.safetensors", .float16), ("out.safetensors", .float32), ("out.safetensors", .float64),
      ("out.json", .float32), ("out.json", .float64), ("out.csv", .float32), ("out.tsv", .float64),
      ("out.json", .float16),
    ])
  func roundTrip(name: String, type: ElementType) throws {
    let folder = try TemporaryFolder()
    let path = folder.path(name)
    try Self.write(path, type: type)
    let source = try MatrixFile.open(path, tensor: nil)
    #expect(source.descriptor.dimensions == [2, 4])
    let values = try source.allValues()
    // Binary files hold the rounded value itself; text holds the shortest spelling of it,
    // which reads back as the same value of the element type.
    let isText = format(name) == .json || format(name) == .csv
    for (actual, original) in zip(values, Self.rows.flatMap { $0 }) {
      let readBack = isText ? Self.rounded(actual, type) : actual
      #expect(sameValue(readBack, Self.rounded(original, type)))
    }
    // Nothing but the output is left in the folder.
    #expect(try folder.contents() == [name])
  }

  func format(_ name: String) -> MatrixFileFormat? { MatrixFileFormat(path: name) }

  @Test(".npy output has a 64-byte aligned version 1.0 header that states the shape")
  func npyHeader() throws {
    let folder = try TemporaryFolder()
    try Self.write(folder.path("a.npy"), type: .float32)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.path("a.npy")))
    #expect(Array(bytes.prefix(8)) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
    let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    #expect((10 + headerLength) % 64 == 0)
    let header = String(decoding: bytes[10..<(10 + headerLength)], as: UTF8.self)
    #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }"))
    #expect(header.hasSuffix("\n"))
    #expect(bytes.count == 10 + headerLength + 2 * 4 * 4)
  }

  @Test(
    "a 1-D output is a vector in every format",
    arguments: ["v.npy", "v.json", "v.csv", "v.safetensors"])
  func vector(name: String) throws {
    let folder = try TemporaryFolder()
    let writer = try MatrixWriter(path: folder.path(name), dimensions: [3], elementType: .float64)
    try writer.append([0.25, 0.5, 0.25])
    try writer.commit()
    let source = try MatrixFile.open(folder.path(name))
    #expect(source.descriptor.dimensions == [3])
    #expect(try source.allValues() == [0.25, 0.5, 0.25])
  }

  @Test("an output that is never committed leaves no file and keeps an existing one intact")
  func atomicity() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("keep.npy")
    try Self.write(path, type: .float64)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    do {
      let writer = try MatrixWriter(path: path, dimensions: [2, 4], elementType: .float32)
      try writer.append(Self.rows[0])
      // Abandoned here, as a command does when row 2 turns out to be invalid.
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(try folder.contents() == ["keep.npy"])
    do {
      let writer = try MatrixWriter(path: folder.path("new.npy"), dimensions: [1, 4])
      try writer.append(Self.rows[0])
    }
    #expect(try folder.contents() == ["keep.npy"])
  }

  @Test("outputs that cannot be created are .io errors naming the path")
  func unwritable() throws {
    let folder = try TemporaryFolder()
    let missingFolder = #expect(throws: KelvinIOError.self) {
      try MatrixWriter(path: folder.path("no/such/folder/x.npy"), dimensions: [1])
    }
    #expect(missingFolder?.kind == .io)
    let directory = #expect(throws: KelvinIOError.self) {
      try MatrixWriter(path: folder.url.path, format: .npy, dimensions: [1])
    }
    #expect(directory?.kind == .io)
    let unknown = #expect(throws: KelvinIOError.self) {
      try MatrixWriter(path: folder.path("x.bin"), dimensions: [1])
    }
    #expect(unknown?.problem.contains(".npy, .safetensors") == true)
  }
}
