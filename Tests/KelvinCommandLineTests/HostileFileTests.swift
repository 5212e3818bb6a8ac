import Foundation
import KelvinCommandLine
import Testing

/// Every file of the hostile corpus through the CLI: exit 65, one error line naming the file,
/// nothing on stdout, and no output file.
@Suite("hostile files through the CLI")
struct HostileFileTests {
  static let names: [String] = {
    let folder = fixture("hostile")
    let all = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return all.filter { $0 != "manifest.json" && !$0.hasPrefix("labels_") }.sorted()
  }()

  @Test("the corpus is found")
  func corpusFound() { #expect(Self.names.count >= 60) }

  @Test("inspect and softmax --output refuse each file cleanly", arguments: names)
  func refused(name: String) throws {
    let path = fixture("hostile/" + name)
    let scratch = try Scratch()
    let output = scratch.path("out.npy")
    for arguments in [["inspect", path], ["softmax", "--input", path, "--output", output]] {
      let outcome = KelvinCommandLine.run(arguments)
      #expect(outcome.exitCode == .dataError, "\(arguments): \(outcome.standardError)")
      #expect(outcome.standardOutput.isEmpty)
      #expect(outcome.standardError.hasPrefix("Error: \(path): "))
      #expect(outcome.standardError.filter { $0 == "\n" }.count == 1)
    }
    #expect(try scratch.contents().isEmpty)
  }

  @Test("a missing file exits 66, a directory 65, an output in a missing folder 74")
  func fileSystemErrors() throws {
    let scratch = try Scratch()
    #expect(kelvin("inspect", scratch.path("absent.npy")).exitCode == .noInput)
    #expect(
      kelvin("softmax", "--input", scratch.path("absent.csv"), "--row", "0").exitCode == .noInput)
    #expect(kelvin("inspect", scratch.url.path, "--input-format", "npy").exitCode == .dataError)
    let outcome = kelvin("softmax", "--logits", "1,2", "--output", scratch.path("no/folder/p.npy"))
    #expect(outcome.exitCode == .ioError)
    #expect(outcome.standardError.contains("cannot create the output"))
  }
}
