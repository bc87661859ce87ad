#pragma once
/// \file Everything of the core in one include.
#include <events/constraints.hpp>
#include <events/enum.hpp>
#include <events/envelope.hpp>
#include <events/error.hpp>
#include <events/event.hpp>
#include <events/json.hpp>
#include <events/payload.hpp>
#include <events/reflect.hpp>
#include <events/routing.hpp>
#include <events/timestamp.hpp>
#include <events/uuid.hpp>
#include <events/validate.hpp>
#include <events/catalog.hpp>
