import Foundation
import FuzzSupport

/// libFuzzer entry point: reads the input as text and parses it as a sampler chain, a list of
/// bandit policies and a schedule, with Kelvin's one specification grammar.
///
/// Any outcome but a crash, a sanitizer report, a leak or a hang is acceptable; errors are
/// the expected answer to most inputs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  FuzzHarness.parseSpecification(Data(bytes: data, count: size))
  return 0
}

/// SwiftPM links an executable's entry point under this name.
@_cdecl("FuzzSpecification_main")
public func fuzzMain(
  _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
  FuzzHarness.main(argc, argv) { data, size in fuzzOneInput(data, size) }
}
