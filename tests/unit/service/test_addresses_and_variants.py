"""Address shapes and follow-ups, variant families from menu names, first names."""

from __future__ import annotations

import itertools

import pytest

from service.domain.addresses import (
    AddressKind,
    from_location,
    merge,
    place_and_complement,
    read_address,
)
from service.domain.conversation import Address, Location
from service.domain.names import first_name
from service.domain.variants import are_variants
from tests.builders import seed_menu, write_menu
from tests.unit.service.chat import Chat, P


@pytest.mark.parametrize(
    ("text", "kind", "kept"),
    [
        ("rua das palmeiras 88", AddressKind.FULL, "rua das palmeiras 88"),
        ("Av. Rebouças, 1200 - Pinheiros", AddressKind.FULL, "Av. Rebouças, 1200 - Pinheiros"),
        ("alameda santos 45 ap 81", AddressKind.FULL, "alameda santos 45 ap 81"),
        ("cep 05422-010, número 300", AddressKind.FULL, "cep 05422-010, número 300"),
        ("muda o endereço pra rua joão ramalho 1000", AddressKind.FULL, "rua joão ramalho 1000"),
        ("travessa roma 30", AddressKind.FULL, "travessa roma 30"),
        ("rua dos pinheiros", AddressKind.STREET, "rua dos pinheiros"),
        ("rua x apto 4", AddressKind.STREET, "rua x apto 4"),  # the 4 is the flat, not the house
        ("rua real da torre 400", AddressKind.FULL, "rua real da torre 400"),  # a street's name
        ("870", AddressKind.NUMBER, "870"),
        ("o número é 212, não 210", AddressKind.NUMBER, "o número é 212, não 210"),
        ("bairro vila mariana", AddressKind.COMPLEMENT, "bairro vila mariana"),
        ("apto 42 bloco b", AddressKind.COMPLEMENT, "apto 42 bloco b"),
        ("perto do posto shell", AddressKind.COMPLEMENT, "perto do posto shell"),
        ("casa dos fundos", AddressKind.COMPLEMENT, "casa dos fundos"),
        ("esqueci, é apto 12", AddressKind.COMPLEMENT, "esqueci, é apto 12"),
        ("esqueci de falar, bloco c", AddressKind.COMPLEMENT, "esqueci de falar, bloco c"),
        ("ah esquece, depois eu peço", AddressKind.NONE, ""),
        ("dá pra entregar só às 20h?", AddressKind.NONE, ""),
        ("pix", AddressKind.NONE, ""),
        ("moro na vila madalena", AddressKind.NONE, ""),
        ("", AddressKind.NONE, ""),
    ],
)
def test_what_looks_like_an_address(text, kind, kept):
    reading = read_address(text)
    assert (reading.kind, reading.text) == (kind, kept)


@pytest.mark.parametrize(
    ("before", "follow_up", "after"),
    [
        ("rua bela cintra 210, consolação", "o número é 212, não 210",
         "rua bela cintra 212, consolação"),
        ("Rua Açaí 10, ap 31", "o numero e 12", "Rua Açaí 12, ap 31"),
        ("Rua Açaí 10", "numero 12", "Rua Açaí 12"),
        ("rua cardeal arcoverde 410", "ops, o número é 140", "rua cardeal arcoverde 140"),
        ("Rua Açaí 10", "na verdade, o numero e 12", "Rua Açaí 12"),
        ("rua dos pinheiros", "870", "rua dos pinheiros, 870"),
        ("rua das palmeiras 88", "bairro vila mariana",
         "rua das palmeiras 88, bairro vila mariana"),
        ("avenida brasil 1500", "perto do posto shell",
         "avenida brasil 1500, perto do posto shell"),
    ],
)
def test_a_follow_up_completes_or_corrects_the_address(before, follow_up, after):
    assert merge(Address(before), read_address(follow_up)).text == after


def test_a_follow_up_to_a_location_keeps_the_coordinates():
    address = from_location(Location(-23.5, -46.6))
    merged = merge(address, read_address("numero 45 apto 12"))
    assert merged.text.endswith("(-23.50000, -46.60000), numero 45 apto 12")
    assert (merged.latitude, merged.longitude) == (-23.5, -46.6)


def test_variants_are_items_of_a_category_one_word_apart():
    menu = seed_menu()
    pairs = {frozenset((a.id, b.id)) for a, b in itertools.combinations(menu.items, 2)
             if are_variants(a, b)}
    assert frozenset(("marmitex_pequena", "marmitex_grande")) in pairs
    assert frozenset(("suco_laranja", "suco_maracuja")) in pairs
    assert frozenset(("agua_sem_gas", "agua_com_gas")) in pairs
    assert frozenset(("pudim", "brigadeiro")) not in pairs  # one-word names share nothing
    assert frozenset(("coca_lata", "suco_laranja")) not in pairs
    assert frozenset(("suco_maracuja", "mousse_maracuja")) not in pairs  # other category


def test_one_dish_sold_by_the_slice_and_whole_is_a_variant_across_categories(tmp_path):
    from service.application.menus import load_menu_file

    menu = load_menu_file(write_menu(tmp_path / "m.json", {
        "restaurant": {"name": "Bolos"},
        "items": [
            {"id": "laranja_fatia", "name": "Bolo de Laranja (fatia)", "category": "fatias",
             "price": 7},
            {"id": "laranja_inteiro", "name": "Bolo de Laranja Inteiro", "category": "inteiros",
             "price": 40},
            {"id": "fuba_inteiro", "name": "Bolo de Fubá Inteiro", "category": "inteiros",
             "price": 40},
            {"id": "suco_laranja", "name": "Suco de Laranja", "category": "bebidas", "price": 8},
        ],
    }))
    items = {item.id: item for item in menu.items}
    assert are_variants(items["laranja_fatia"], items["laranja_inteiro"])
    assert not are_variants(items["laranja_fatia"], items["fuba_inteiro"])
    assert not are_variants(items["laranja_fatia"], items["suco_laranja"])


def test_variant_families_come_from_any_menus_names(tmp_path):
    from service.application.menus import load_menu_file

    menu = load_menu_file(write_menu(tmp_path / "m.json", {
        "restaurant": {"name": "Pastelaria"},
        "items": [
            {"id": "p_carne", "name": "Pastel de Carne", "category": "pastéis", "price": 9},
            {"id": "p_queijo", "name": "Pastel de Queijo", "category": "pastéis", "price": 9},
            {"id": "p_especial", "name": "Pastel Especial da Casa", "category": "pastéis",
             "price": 14},
        ],
    }))
    chat = Chat(menu)
    chat.send(P("add_items", [("p_carne", 2)]), "2 de carne")
    chat.send(P("add_items", [("p_queijo", 1)], replace=True), "na verdade de queijo")
    assert chat.conv is not None
    assert {line.item_id: line.quantity for line in chat.conv.cart.lines} == {"p_queijo": 2}


@pytest.mark.parametrize(
    ("profile", "first"),
    [
        ("Maria Souza", "Maria"),
        ("Dona Maria Aparecida", "Maria"),
        ("Seu Jorge", "Jorge"),
        ("Sr. João da Silva", "João"),
        ("Sra. Ana", "Ana"),
        ("Dr. Paulo Henrique", "Paulo"),
        ("Dra. Beatriz", "Beatriz"),
        ("dona", ""),
        ("🌻 Carla", "Carla"),
        ("", ""),
    ],
)
def test_the_first_name_leaves_out_honorifics(profile, first):
    assert first_name(profile) == first


@pytest.mark.parametrize(
    ("answer", "place", "complement"),
    [
        ("bela vista", "bela vista", ""),
        ("bela vista, apto 41", "bela vista", "apto 41"),
        ("bela vista apto 41", "bela vista", "apto 41"),
        ("apto 41 - bela vista", "bela vista", "apto 41"),
        ("Jardim Botânico casa 2", "Jardim Botânico", "casa 2"),
        ("Vila Mariana; bloco B ap 12", "Vila Mariana", "bloco B ap 12"),
        ("santa cecilia perto do metrô", "santa cecilia", "perto do metrô"),
        ("casa verde", "casa verde", ""),  # a bairro whose name opens like a complement
    ],
)
def test_a_bairro_answer_keeps_what_else_it_says(answer, place, complement):
    assert place_and_complement(answer) == (place, complement)
