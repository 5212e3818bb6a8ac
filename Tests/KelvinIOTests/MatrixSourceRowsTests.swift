import Foundation
import KelvinIO
import Testing

@Suite("streaming rows of a matrix")
struct MatrixSourceRowsTests {
  /// A [rows, columns] .npy file of `f(r, c)`.
  static func file(_ folder: TemporaryFolder, rows: Int, columns: Int) throws -> String {
    let path = folder.path("m.npy")
    let writer = try MatrixWriter(path: path, dimensions: [rows, columns], elementType: .float64)
    for r in 0..<rows { try writer.append((0..<columns).map { Double(r * 1000 + $0) }) }
    try writer.commit()
    return path
  }

  @Test("every row once, in order, across block boundaries; a sub-range reads only its rows")
  func visitsEveryRow() throws {
    let folder = try TemporaryFolder()
    // 3,000 columns: a block of 2^20 values holds 349 rows, so 1,000 rows take 3 blocks.
    let source = try MatrixFile.open(try Self.file(folder, rows: 1000, columns: 3000))
    var seen: [Int] = []
    try source.forEachRow(as: Double.self) { index, row in
      seen.append(index)
      #expect(row[0] == Double(index * 1000) && row[2999] == Double(index * 1000 + 2999))
    }
    #expect(seen == Array(0..<1000))
    var floats: [Int] = []
    try source.forEachRow(in: 348..<351, as: Float.self) { index, row in
      floats.append(index)
      #expect(row[1] == Float(index * 1000 + 1))
    }
    #expect(floats == [348, 349, 350])
  }

  @Test("an error of the row's work names the file and the row; later rows are not read")
  func errorsNameTheRow() throws {
    let folder = try TemporaryFolder()
    let source = try MatrixFile.open(try Self.file(folder, rows: 10, columns: 4))
    struct Odd: Error, CustomStringConvertible { var description: String { "odd" } }
    var last = -1
    do {
      try source.forEachRow(as: Double.self) { index, _ in
        last = index
        if index == 3 { throw Odd() }
      }
      Issue.record("no error")
    } catch let error as KelvinIOError {
      #expect(error.description == "\(source.path) row 3: odd")
      #expect(error.kind == .malformed && error.row == 3)
    }
    #expect(last == 3)
  }

  @Test("rows stream through a transform into a writer")
  func transformIntoWriter() throws {
    let folder = try TemporaryFolder()
    let source = try MatrixFile.open(try Self.file(folder, rows: 5, columns: 3))
    let output = folder.path("doubled.npy")
    let writer = try MatrixWriter(path: output, dimensions: [5, 3], elementType: .float64)
    try source.write(as: Double.self, to: writer) { _, row in
      for index in row.indices { row[index] *= 2 }
    }
    try writer.commit()
    let written = try MatrixFile.open(output)
    #expect(try written.allValues() == (try source.allValues()).map { $0 * 2 })
    #expect(try written.allRows().count == 5)
  }

  @Test("a (0, 2^40) tensor asks for no memory: statistics and streaming finish at once")
  func emptyRowsWithHugeColumns() throws {
    let folder = try TemporaryFolder()
    let path = folder.path("empty.npy")
    var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 1099511627776), }"
    // Pad so that magic (6) + version (2) + length (2) + header is a multiple of 64.
    while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
    header += "\n"
    var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
    bytes += [UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
    bytes += Array(header.utf8)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    let source = try MatrixFile.open(path)
    #expect(source.rows == 0)
    let statistics = try TensorStatistics(source)
    #expect(statistics.count == 0 && statistics.minimum == nil)
    var visited = 0
    try source.forEachRow(as: Float.self) { _, _ in visited += 1 }
    #expect(visited == 0)
  }
}
