#pragma once
/// \file Every field kind's codec (events::codec<T>, see codec/core.hpp): include this to use
/// them all, or one header of codec/ for one kind.
#include <events/codec/constrained.hpp>
#include <events/codec/core.hpp>
#include <events/codec/duration.hpp>
#include <events/codec/enum.hpp>
#include <events/codec/json_value.hpp>
#include <events/codec/map.hpp>
#include <events/codec/nlohmann_json.hpp>
#include <events/codec/number.hpp>
#include <events/codec/object.hpp>
#include <events/codec/optional.hpp>
#include <events/codec/sequence.hpp>
#include <events/codec/string.hpp>
#include <events/codec/timestamp.hpp>
#include <events/codec/uuid.hpp>
