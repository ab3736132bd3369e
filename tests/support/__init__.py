"""Test support shared by the suites and benchmarks (real servers, no mocks)."""
