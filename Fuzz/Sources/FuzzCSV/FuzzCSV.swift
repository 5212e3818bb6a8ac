import Foundation
import FuzzSupport

/// libFuzzer entry point: writes the input to a file and reads it as a .csv file.
///
/// Any outcome but a crash, a sanitizer report, a leak or a hang is acceptable; errors are
/// the expected answer to most inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzHarness.run(Data(bytes: data, count: size), format: .csv)
  return 0
}

/// SwiftPM links an executable's entry point under this name.
@_cdecl("FuzzCSV_main")
public func fuzzMain(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  FuzzHarness.main(argc, argv) { data, size in fuzzOneInput(data, size) }
}
