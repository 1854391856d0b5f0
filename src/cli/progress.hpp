#pragma once
// Generator progress on stderr, only when stderr is a terminal (scripts and tests stay quiet).

#include <functional>

#include "demo/generator.hpp"

namespace cw::cli {

// An empty function when stderr is not a terminal.
std::function<void(const demo::Progress&)> progress_printer();
// Ends the progress line (when one was drawn).
void finish_progress();

}  // namespace cw::cli
