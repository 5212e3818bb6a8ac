import Foundation
import KelvinIO
import Testing

@Suite("JSON and CSV inputs")
struct TextFormatTests {
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

  @Test("CSV: the header is skipped, tabs are detected, spaces and inf words are read")
  func csv() throws {
    let source = try open("a.csv", "x,y,z\n1, 2 ,-inf\n4,5,6\n")
    #expect(source.descriptor.dimensions == [2, 3])
    #expect(try source.allValues() == [1, 2, -.infinity, 4, 5, 6])
    let tabs = try open("b.tsv", "1\t2\r\n3\t4\r\n\n")
    #expect(try tabs.allValues() == [1, 2, 3, 4])
    #expect(try open("c.csv", "0.5,0.25\n").descriptor.dimensions == [2])
  }

  @Test("statistics count every value class and average the finite ones")
  func statistics() throws {
    let source = try open("s.json", "[[1, -Infinity, 3], [NaN, Infinity, 5]]")
    let statistics = try TensorStatistics(source)
    #expect(statistics.count == 6)
    #expect(statistics.minimum == 1 && statistics.maximum == 5 && statistics.mean == 3)
    #expect(statistics.nanCount == 1)
    #expect(statistics.positiveInfinityCount == 1 && statistics.negativeInfinityCount == 1)
  }
}
