"""Whether and for how much the restaurant delivers to an address, and the minimum order.

:func:`quote` answers from the restaurant's settings alone (no network): a bairro
found in the address text (or named on its own, as in "vocês entregam no
Centro?"), or the distance of a shared WhatsApp location from the restaurant.
It returns one of three answers:

- :class:`Served`: the fee, the minimum order and the estimate that apply there;
- :class:`NotServed`: the bairro or distance is outside the area (with the list of
  bairros served, and whether pickup is an option);
- :class:`NeedsPlace`: nothing in the message says where: ask for the bairro (or
  a shared location, when distances are configured).

A bairro written in the address wins over the location's distance: it is what the
customer typed, and the bairro's own fee and minimum are the restaurant's choice.
A restaurant with neither zones nor radius delivers everywhere at ``delivery_fee``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from service.domain.conversation import Address
from service.domain.geo import GeoPoint, distance_km, point_or_none
from service.domain.places import (
    display_name,
    explicit_bairro,
    find_place,
    looks_like_street,
    written_bairro,
)
from service.domain.restaurant import Restaurant
from service.domain.zones import DeliveryZone, RadiusTier

__all__ = [
    "MinimumCheck",
    "NeedsPlace",
    "NotServed",
    "Quote",
    "Served",
    "Via",
    "check_minimum",
    "delivers_by_area",
    "lowest_minimum",
    "minimum_for",
    "needs_place",
    "quote",
    "quote_address",
    "served_bairros",
]


class Via(StrEnum):
    """What decided the fee."""

    EVERYWHERE = "everywhere"  # one fee for every address
    BAIRRO = "bairro"
    RADIUS = "radius"


@dataclass(frozen=True)
class Served:
    """The restaurant delivers here: at this fee, from this minimum, in this time."""

    fee_cents: int
    min_order_cents: int  # 0: no minimum
    estimate: str
    via: Via
    zone: DeliveryZone | None = None
    tier: RadiusTier | None = None
    distance_km: float | None = None

    @property
    def area(self) -> str | None:
        """The bairro or distance tier, as customers and the kitchen read it ("Centro")."""
        if self.zone is not None:
            return self.zone.bairro
        return self.tier.label if self.tier is not None else None


@dataclass(frozen=True)
class NotServed:
    """Outside the delivery area; the cart stays, pickup may be offered."""

    place: str | None  # the bairro as the customer wrote it, tidied; None for a distance
    served: tuple[str, ...]  # bairros served, in file order
    distance_km: float | None = None  # how far the shared location is
    max_km: float | None = None  # the farthest tier
    pickup: bool = False


@dataclass(frozen=True)
class NeedsPlace:
    """Nothing says where: ask for the bairro, or for a shared location."""

    served: tuple[str, ...]
    bairro: bool  # a bairro would settle it (zones are configured)
    location: bool  # a shared location would settle it (distance tiers are configured)
    place: str | None = None  # what the customer named, when it cannot settle it alone


Quote = Served | NotServed | NeedsPlace


def delivers_by_area(restaurant: Restaurant) -> bool:
    """Whether addresses are checked (zones or radius), rather than one fee everywhere."""
    return bool(restaurant.delivery_zones or restaurant.delivery_radius)


def served_bairros(restaurant: Restaurant) -> tuple[str, ...]:
    """The bairros served, in file order."""
    return tuple(zone.bairro for zone in restaurant.delivery_zones)


def _zone(restaurant: Restaurant, zone: DeliveryZone) -> Served:
    return Served(
        fee_cents=zone.fee_cents,
        min_order_cents=(zone.min_order_cents if zone.min_order_cents is not None
                         else restaurant.min_order_cents),
        estimate=zone.estimate or restaurant.delivery_estimate,
        via=Via.BAIRRO,
        zone=zone,
    )


def _find_zone(restaurant: Restaurant, text: str) -> Served | None:
    zones = restaurant.delivery_zones
    match = find_place(text, [zone.names for zone in zones]) if zones else None
    return _zone(restaurant, zones[match.index]) if match is not None else None


def _by_distance(restaurant: Restaurant, point: GeoPoint) -> Served | float | None:
    """The tier serving the point, its distance when outside every tier, None without tiers."""
    if restaurant.location is None or not restaurant.delivery_radius:
        return None
    km = distance_km(restaurant.location, point)
    for tier in restaurant.delivery_radius:
        if km <= tier.km:
            return Served(
                fee_cents=tier.fee_cents,
                min_order_cents=(tier.min_order_cents if tier.min_order_cents is not None
                                 else restaurant.min_order_cents),
                estimate=tier.estimate or restaurant.delivery_estimate,
                via=Via.RADIUS,
                tier=tier,
                distance_km=km,
            )
    return km


def _not_served(restaurant: Restaurant, place: str | None,
                distance: float | None = None) -> NotServed:
    radius = restaurant.delivery_radius
    return NotServed(
        place=place,
        served=served_bairros(restaurant),
        distance_km=distance,
        max_km=radius[-1].km if radius else None,
        pickup=restaurant.pickup,
    )


def _needs(restaurant: Restaurant, place: str | None = None) -> NeedsPlace:
    return NeedsPlace(
        served=served_bairros(restaurant),
        bairro=bool(restaurant.delivery_zones),
        location=bool(restaurant.delivery_radius),
        place=place,
    )


def needs_place(restaurant: Restaurant) -> NeedsPlace:
    """What settles where an address is, for this restaurant: a bairro, a location."""
    return _needs(restaurant)


def quote(
    restaurant: Restaurant,
    *,
    address: str | None = None,
    place: str | None = None,
    location: GeoPoint | None = None,
) -> Quote:
    """Whether the restaurant delivers there, and on what terms.

    ``address``: an address as typed, the bairro somewhere inside it. ``place``: text
    that is itself the bairro (the parser's ``place`` for "vocês entregam no X?", or
    the answer to "qual é o seu bairro?"). ``location``: a shared WhatsApp location.
    """
    if not delivers_by_area(restaurant):
        return Served(restaurant.delivery_fee_cents, restaurant.min_order_cents,
                      restaurant.delivery_estimate, Via.EVERYWHERE)
    named: str | None = None  # a bairro the customer named that no zone matched
    if place is not None and place.strip():
        found = _find_zone(restaurant, place)
        if found is not None:
            return found
        if looks_like_street(place):  # "entregam na rua Augusta?": an address, not a bairro
            address = f"{address}, {place}" if address else place
        else:
            named = display_name(place)
    if address:
        found = _find_zone(restaurant, address)
        if found is not None:
            return found
        named = named or explicit_bairro(address) or written_bairro(address)
    if location is not None:
        by_distance = _by_distance(restaurant, location)
        if isinstance(by_distance, Served):
            return by_distance
        if by_distance is not None:
            return _not_served(restaurant, named, by_distance)
    if named is not None:
        # Without zones only a distance can tell: ask for the location.
        return _not_served(restaurant, named) if restaurant.delivery_zones \
            else _needs(restaurant, named)
    return _needs(restaurant)


def quote_address(restaurant: Restaurant, address: Address, place: str | None = None) -> Quote:
    """:func:`quote` for a conversation's address (its text and shared coordinates)."""
    location = (point_or_none(address.latitude, address.longitude)
                if address.latitude is not None and address.longitude is not None else None)
    return quote(restaurant, address=address.text or None, place=place, location=location)


@dataclass(frozen=True)
class MinimumCheck:
    """The cart against the minimum order."""

    minimum_cents: int
    subtotal_cents: int

    @property
    def ok(self) -> bool:
        """True when the cart reaches the minimum (or there is none)."""
        return self.subtotal_cents >= self.minimum_cents

    @property
    def missing_cents(self) -> int:
        """How much more the customer needs to add (0 when it is enough)."""
        return max(0, self.minimum_cents - self.subtotal_cents)


def minimum_for(restaurant: Restaurant, served: Served | None) -> int:
    """The minimum that applies: the zone's or tier's when delivering, else the restaurant's.

    ``served`` is None for pickup (and before the address is known): the
    restaurant's ``min_order`` applies to every order.
    """
    return served.min_order_cents if served is not None else restaurant.min_order_cents


def lowest_minimum(restaurant: Restaurant) -> int:
    """The smallest minimum any order may meet (pickup, or the least demanding area).

    A cart below it is short wherever it goes, so checkout says so before asking where.
    """
    own = [zone.min_order_cents for zone in restaurant.delivery_zones]
    own += [tier.min_order_cents for tier in restaurant.delivery_radius]
    base_applies = (restaurant.pickup or not delivers_by_area(restaurant)
                    or any(minimum is None for minimum in own))
    candidates = [m for m in own if m is not None]
    if base_applies:
        candidates.append(restaurant.min_order_cents)
    return min(candidates, default=restaurant.min_order_cents)


def check_minimum(subtotal_cents: int, minimum_cents: int) -> MinimumCheck:
    """Whether the items (delivery fee not counted) reach the minimum, and what is missing."""
    return MinimumCheck(minimum_cents, subtotal_cents)
