import Foundation
import KelvinIO
import Testing

@Suite("JSON inputs")
struct JSONMatrixFormatTests {
  func open(_ name: String, _ text: String) throws -> any MatrixSource {
    let folder = try TemporaryFolder()
    let path = folder.path(name)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    return try MatrixFile.open(path)
  }

  @Test("JSON: a vector, a matrix, and an object with a logits field")
  func jsonShapes() throws {
    #expect(try open("a.json", "[1, 2, 3]").descriptor.dimensions == [3])
    #expect(try open("b.json", "[[1, 2], [3, 4], [5, 6]]").descriptor.dimensions == [3, 2])
    let object = try open("c.json", #"{"model": "x", "logits": [[1, -Infinity]]}"#)
    #expect(object.descriptor.dimensions == [1, 2])
    #expect(try object.allValues() == [1, -.infinity])
  }

  @Test("a big document streams: rows read on demand, errors name the row")
  func rows() throws {
    let body = (0..<50_000).map { "[\($0), \($0 + 1)]" }.joined(separator: ",\n")
    let source = try open("big.json", "{\"model\": {\"name\": \"x\"}, \"logits\": [\(body)]}")
    #expect(source.descriptor.dimensions == [50_000, 2])
    #expect(try source.row(49_999) == [49_999, 50_000])
    #expect(try source.row(123) == [123, 124])
    #expect(throws: KelvinIOError.self) { try open("ragged.json", "[[1, 2], [3]]") }
  }
}
