#pragma once
/// \file For doc_blocks.fails_when_a_block_breaks: an example that calls what does not exist.
///
/// <!-- given: int n = 0; -->
/// \code
/// int twice = events::no_such_function(n);
/// \endcode
namespace events {}  // nothing in it
