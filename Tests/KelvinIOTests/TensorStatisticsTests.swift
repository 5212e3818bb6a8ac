import Foundation
import KelvinIO
import Testing

@Suite("tensor statistics")
struct TensorStatisticsTests {
  func open(_ name: String, _ text: String) throws -> any MatrixSource {
    let folder = try TemporaryFolder()
    let path = folder.path(name)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
    return try MatrixFile.open(path)
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
