import Foundation
import KelvinIO
import Testing

@Suite("CSV and TSV")
struct CSVMatrixFormatTests {
  func open(_ bytes: [UInt8], name: String = "m.csv") throws -> (TemporaryFolder, any MatrixSource)
  {
    let folder = try TemporaryFolder()
    let path = folder.path(name)
    #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
    return (folder, try MatrixFile.open(path))
  }

  @Test("CSV: the header is skipped, tabs are detected, spaces and inf words are read")
  func csv() throws {
    let (_, source) = try open(Array("x,y,z\n1, 2 ,-inf\n4,5,6\n".utf8))
    #expect(source.descriptor.dimensions == [2, 3])
    #expect(try source.allValues() == [1, 2, -.infinity, 4, 5, 6])
    let (_, tabs) = try open(Array("1\t2\r\n3\t4\r\n\n".utf8), name: "b.tsv")
    #expect(try tabs.allValues() == [1, 2, 3, 4])
    #expect(try open(Array("0.5,0.25\n".utf8)).1.descriptor.dimensions == [2])
  }

  @Test(
    "separators: comma, tab, or semicolon when the first data line has ; and no ,",
    arguments: ["1,2\n3,4\n", "1\t2\n3\t4\n", "1;2\n3;4\n", "a;b\n1;2\n3;4\n", "1 , 2\r\n3,4"])
  func separators(text: String) throws {
    let (_, source) = try open(Array(text.utf8))
    #expect(source.descriptor.dimensions == [2, 2])
    #expect(try source.allValues() == [1, 2, 3, 4])
  }

  @Test("a byte-order mark is skipped, and the JSON spellings of NaN and infinity read")
  func bomAndWords() throws {
    let (_, source) = try open([0xEF, 0xBB, 0xBF] + Array("NaN,Infinity,-Infinity,2.5e-3\n".utf8))
    let values = try source.allValues()
    #expect(values[0].isNaN && values[1] == .infinity && values[2] == -.infinity)
    #expect(values[3] == 0.0025)
  }

  @Test("rows across blocks and a line longer than a block read exactly")
  func large() throws {
    // 40,000 rows of 8 values (about 1.6 MB, two blocks), then one row of 300,000 values.
    var text = ""
    for row in 0..<40_000 {
      text += (0..<8).map { "\(row * 8 + $0)" }.joined(separator: ",") + "\n"
    }
    let (_, source) = try open(Array(text.utf8))
    #expect(source.descriptor.dimensions == [40_000, 8])
    #expect(try source.row(39_999) == (0..<8).map { Double(39_999 * 8 + $0) })
    #expect(try source.row(17_123)[3] == Double(17_123 * 8 + 3))
    let long = (0..<300_000).map { String($0 % 10) }.joined(separator: ",")
    let (_, wide) = try open(Array(long.utf8))
    #expect(wide.descriptor.dimensions == [300_000])
    #expect(try wide.row(0)[299_999] == 9)
  }

  @Test("a bad value names its line, even when it is read long after opening")
  func lazyErrors() throws {
    let (_, source) = try open(Array("1,2\n3,4\n\n5,x\n".utf8))
    #expect(try source.row(0) == [1, 2])
    do {
      _ = try source.row(2)
      Issue.record("x parsed")
    } catch let error as KelvinIOError {
      #expect(error.problem == "line 4: 'x' is not a number")
    }
  }
}
