import Foundation
import KelvinIO
import Testing

@Suite("safetensors files")
struct SafetensorsFormatTests {
  /// A safetensors file of `count` tensors of two F32 values each.
  static func write(_ folder: TemporaryFolder, count: Int) throws -> String {
    var entries: [String] = []
    for index in 0..<count {
      entries.append(
        "\"t\(index)\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[\(index * 8),\(index * 8 + 8)]}"
      )
    }
    var header = Array(("{" + entries.joined(separator: ",") + "}").utf8)
    while header.count % 8 != 0 { header.append(0x20) }
    var bytes = (0..<8).map { UInt8((UInt64(header.count) >> (8 * UInt64($0))) & 0xFF) }
    bytes += header + [UInt8](repeating: 0, count: count * 8)
    let path = folder.path("many.safetensors")
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    return path
  }

  @Test("every tensor opens from one reading of the header")
  func openAll() throws {
    let folder = try TemporaryFolder()
    let sources = try MatrixFile.openAll(try Self.write(folder, count: 500))
    #expect(sources.count == 500)
    #expect(sources.map { $0.descriptor.name } == (0..<500).map { "t\($0)" })
    #expect(try sources[499].row(0) == [0, 0])
  }

  @Test("a message listing tensors names the first ten and counts the rest")
  func cappedListing() throws {
    let folder = try TemporaryFolder()
    let path = try Self.write(folder, count: 30)
    do {
      _ = try MatrixFile.open(path)
      Issue.record("opened without a tensor name")
    } catch let error as KelvinIOError {
      #expect(error.problem.contains("'t9' and 20 more); choose one with --tensor NAME"))
      #expect(!error.problem.contains("'t10'"))
    }
  }
}
