#pragma once
// The peers' benchmark object: the shape glaze's published benchmark (stephenberry/json_performance)
// reads and writes, a ~670-byte document of int, float and double arrays, a names object, nested
// 3-vectors, escaped text and booleans. Written here as a new user would: plain aggregates that
// events reflects, and the same aggregates given to nlohmann_json through
// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE. The values are ours.
#include <events/events.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace peer {

struct fixed_object_t {
  std::vector<int> int_array;
  std::vector<float> float_array;
  std::vector<double> double_array;
};

struct fixed_name_object_t {
  std::string name0, name1, name2, name3, name4;
};

struct nested_object_t {
  std::vector<std::array<double, 3>> v3s;
  std::string id;
};

struct another_object_t {
  std::string string;
  std::string another_string;
  std::string escaped_text;
  bool boolean = false;
  nested_object_t nested_object;
};

struct obj_t {
  fixed_object_t fixed_object;
  fixed_name_object_t fixed_name_object;
  another_object_t another_object;
  std::vector<std::string> string_array;
  std::string string;
  double number = 0;
  bool boolean = false;
  bool another_bool = false;
};

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(fixed_object_t, int_array, float_array, double_array)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(fixed_name_object_t, name0, name1, name2, name3, name4)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(nested_object_t, v3s, id)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(another_object_t, string, another_string, escaped_text, boolean, nested_object)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(obj_t, fixed_object, fixed_name_object, another_object, string_array, string,
                                   number, boolean, another_bool)

/// The document both libraries read, indented as the peers' input file is.
inline constexpr std::string_view text = R"({
   "fixed_object": {
      "int_array": [0, 1, 2, 3, 4, 5, 6],
      "float_array": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6],
      "double_array": [4107523.517, 817e21, 381e-1, 0.738291004, 0.51937284, 0.1, 0.2, 0.3, 0.4]
   },
   "fixed_name_object": {
      "name0": "Harriet",
      "name1": "Leopold",
      "name2": "Mirela",
      "name3": "Oskar",
      "name4": "Yusuf"
   },
   "another_object": {
      "string": "a line of plain text",
      "another_string": "Hello again",
      "escaped_text": "{\"a key\":\"a \\\"quoted\\\" value\"}",
      "boolean": false,
      "nested_object": {
         "v3s": [[0.52947, 0.31876, 0.002741],
                  [0.7185234, 61.72934, 483.11907],
                  [27.27, 45.816, 3071.502]],
         "id": "518392004517"
      }
   },
   "string_array": ["Owl", "Fox", "Hedgehog", "Badger"],
   "string": "Hello world",
   "number": 2.71,
   "boolean": true,
   "another_bool": false
})";

}  // namespace peer
