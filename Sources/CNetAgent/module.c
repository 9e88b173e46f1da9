#include "netagent/module.h"
