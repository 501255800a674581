#pragma once
#include "tudi/core/error.hpp"
#include "tudi/io/reader.hpp"
