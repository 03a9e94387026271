# The verbs people type; CMake does the building. See README.md.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
PORT ?= 8080

.PHONY: all bootstrap build demo check test asan fuzz format lint clean

all: build

bootstrap:
	@scripts/bootstrap.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	@cmake --build $(BUILD) -j$(JOBS)

# Build, load the embedded IMRF 2022 demo data into a fresh SQLite file, serve it.
demo: bootstrap build
	@echo "serving the demo on http://127.0.0.1:$(PORT)/ (Ctrl-C stops it)"
	@$(BUILD)/localaction demo --db $(BUILD)/demo.db --port $(PORT)

# Every test: lint, unit, integration and CLI tests, then the same under ASan and UBSan.
check: bootstrap lint build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	@$(MAKE) --no-print-directory asan

test: build
	@cd $(BUILD) && ctest --output-on-failure -j$(JOBS)

asan:
	@cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DLOCALACTION_SANITIZE=ON >/dev/null
	@cmake --build $(ASAN_BUILD) -j$(JOBS)
	@cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp ctest --output-on-failure -j$(JOBS)

# Search for crashing inputs with libFuzzer for FUZZ_SECONDS each (clang and its runtime:
# apt-get install clang libclang-rt-14-dev); add what it finds to tests/fuzz/corpus/.
FUZZ_SECONDS ?= 60
fuzz:
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DLOCALACTION_FUZZ=ON >/dev/null
	@cmake --build build-fuzz -j$(JOBS) --target fuzz_import
	@mkdir -p build-fuzz/corpus && build-fuzz/tests/fuzz_import -max_total_time=$(FUZZ_SECONDS) \
		build-fuzz/corpus tests/fuzz/corpus/import

format:
	@clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

lint:
	@scripts/lint.sh

clean:
	@rm -rf $(BUILD) $(ASAN_BUILD)
