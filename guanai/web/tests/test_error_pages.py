import pytest


@pytest.mark.django_db
def test_404_is_a_product_page_with_a_way_home(client, director):
    client.force_login(director)
    response = client.get("/people/999999999/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "找不到这个页面或记录" in text and 'href="/"' in text


@pytest.mark.django_db
def test_403_explains_and_offers_home(client, director):
    client.force_login(director)
    response = client.get("/cases/access/")
    assert response.status_code == 403
    assert "返回工作台" in response.content.decode()
