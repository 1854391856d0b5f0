# The two commands of the README, and a few helpers around them.
#   make demo   installs what is missing, builds (release), creates a demo shop in SQLite and serves it
#   make test   installs what is missing, builds with ASan+UBSan and runs every test
#   make bench  builds (release) and runs the benchmarks
#   make lint   clang-tidy (.clang-tidy) over src/ and clang-format --dry-run over the tree
#   make web    builds the web application (web/) into build/web/dist, which the binary embeds

JOBS        ?= $(shell nproc)
RELEASE_DIR ?= build/release
TEST_DIR    ?= build/asan
DEMO_DB     ?= demo.db
PORT        ?= 8080
CMAKE_COMMON = -G Ninja -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
export CCACHE_SLOPPINESS = pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_DIR ?= $(HOME)/.cache/ccache
# Paths relative to the tree, so that other checkouts (git worktrees, CI's clone) share the cache.
export CCACHE_BASEDIR ?= $(CURDIR)
export CCACHE_NOHASHDIR ?= true

.PHONY: demo test bench deps web release asan format lint clean

deps:
	@scripts/install-deps

web: deps
	@scripts/build-web

# The release build is what `make demo` serves and `make bench` measures: no tests in it (they
# run in the sanitizer build), which halves a fresh clone's `make demo`.
release: deps web
	@cmake -S . -B $(RELEASE_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release -DCARTWISE_TESTS=OFF >/dev/null
	@cmake --build $(RELEASE_DIR) -j $(JOBS)

asan: deps web
	@cmake -S . -B $(TEST_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug -DCARTWISE_SANITIZE=ON >/dev/null
	@cmake --build $(TEST_DIR) -j $(JOBS)

demo: release
	$(RELEASE_DIR)/cartwise demo --db $(DEMO_DB) --port $(PORT)

test: asan
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS)

bench: release
	@bench/run-all $(RELEASE_DIR)

format:
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format -i

# Uses the compile commands of the ASan build (configured if missing), without GCC's precompiled
# headers (clang cannot read them: build/lint holds the commands without them). The build's
# GCC-only warning flags are unknown to clang, hence -Wno-unknown-warning-option.
LINT_DIR ?= build/lint
lint:
	@test -f $(TEST_DIR)/compile_commands.json || cmake -S . -B $(TEST_DIR) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug -DCARTWISE_SANITIZE=ON >/dev/null
	@mkdir -p $(LINT_DIR)
	@sed -e 's| -Winvalid-pch -include [^ ]*cmake_pch\.hxx||' $(TEST_DIR)/compile_commands.json >$(LINT_DIR)/compile_commands.json
	@git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run --Werror
	@run-clang-tidy -quiet -j $(JOBS) -p $(LINT_DIR) -extra-arg=-Wno-unknown-warning-option '$(CURDIR)/src/.*\.cpp$$'

clean:
	rm -rf build
